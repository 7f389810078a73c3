package org.acme.shop.redis;

import java.time.Duration;

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

    /**
     * Switches every Redis cache of the service on or off. Default {@code true}; off, every read goes to PostgreSQL
     * (answered with {@code X-Cache: BYPASS}), which is how the benchmark measures the uncached path.
     */
    @WithDefault("true")
    boolean enabled();

    /** Relative random spread applied to every TTL, so keys written together expire apart. Default {@code 0.1} (±10 %). */
    @WithDefault("0.1")
    double ttlJitter();

    Stampede stampede();

    Outbox outbox();

    /** The transactional outbox of product and stock changes (see {@code OutboxRelay} and docs/outbox.md). */
    interface Outbox {

        /**
         * The promise: once Redis answers again, every change committed while it did not is applied within this long,
         * and a copy cached before the outage is not served after it. Default {@code 5s}. The relay caps its backoff
         * at half of it, so that its first attempt after Redis returns leaves time to drain the backlog.
         */
        @WithDefault("5s")
        Duration maxLag();

        /**
         * How often each instance's relay looks for rows left behind. Default {@code 1s}: one indexed query a second
         * when there is nothing to do; it bounds the lag after an app died between its commit and Redis.
         */
        @WithDefault("1s")
        Duration pollInterval();

        /** Rows applied per relay transaction. Default {@code 200}: a batch takes milliseconds while Redis answers. */
        @WithDefault("200")
        int batchSize();

        /**
         * Runs the scheduled relay. Default {@code true}; {@code %test} switches it off so that its SQL does not land
         * in the statement counts of unrelated tests (the outbox tests switch it on in their profiles).
         */
        @WithDefault("true")
        boolean relayEnabled();

        /**
         * Applies a change to Redis in the request, right after its commit. Default {@code true}. {@code false} is a
         * failure-injection switch: every change is left to the relay, as if the app had died after each commit.
         */
        @WithDefault("true")
        boolean applyAfterCommit();
    }

    /** Protection against cache stampedes on a missing key: products, listings, every {@code ReadThroughCache}. */
    interface Stampede {

        /** Coalesce concurrent misses and take a Redis lock before loading. Default {@code true}; off for the benchmark. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Lifetime of the loader's lock. Default {@code 2s}: far longer than a load by primary key (milliseconds), short
         * enough that a loader that died leaves the others waiting no longer than this.
         */
        @WithDefault("2s")
        Duration lockTtl();

        /** How long an instance that did not get the lock waits for the holder to fill the key. Default {@code 1s}. */
        @WithDefault("1s")
        Duration maxWait();

        /** How often a waiting instance looks for the key. Default {@code 20ms}. */
        @WithDefault("20ms")
        Duration pollInterval();
    }
}
