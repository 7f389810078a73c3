package org.acme.shop.redis.monitoring;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Redis figures this service exposes beside its own cache metrics ({@code redis-monitoring.*}, see
 * {@link RedisInfoMetrics} and docs/production-redis.md).
 */
@ConfigMapping(prefix = "redis-monitoring")
public interface RedisMonitoringConfig {

    /**
     * How often each instance asks both Redis roles for {@code INFO}. Default {@code 15s}: Prometheus's usual scrape
     * interval, so a scrape seldom sees a figure older than one interval; one small command per role and interval.
     */
    @WithDefault("15s")
    Duration interval();
}
