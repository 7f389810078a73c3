package org.acme.shop.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings shared by every cache in the service ({@code cache.*}). How long a Redis command may take is the client's
 * {@code quarkus.redis.timeout} (see {@link RedisGuard}).
 */
@ConfigMapping(prefix = "cache")
public interface CacheConfig {

    /**
     * First segment of every Redis key ({@code <prefix>:<area>:<entity>:<id>}). Default {@code shop}. Two deployments
     * that share one Redis database must use different prefixes.
     */
    @WithDefault("shop")
    String keyPrefix();
}
