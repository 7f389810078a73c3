package org.acme.shop.common;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings shared by every cache in the service ({@code cache.*}).
 */
@ConfigMapping(prefix = "cache")
public interface CacheConfig {

    /**
     * First segment of every Redis key ({@code <prefix>:<area>:<entity>:<id>}). Default {@code shop}. Two deployments
     * that share one Redis database must use different prefixes.
     */
    @WithDefault("shop")
    String keyPrefix();

    /**
     * How long a request waits for one Redis command before it treats Redis as unavailable and falls back to
     * PostgreSQL. Default {@code 500ms}: far above a healthy round trip on a LAN (well under 1 ms) and far below
     * what a user would notice as a hang.
     */
    @WithDefault("500ms")
    Duration redisTimeout();
}
