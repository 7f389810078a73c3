package org.acme.shop.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The application on one {@link PrivateRedis} for both roles ({@link PrivateRedis#cache()} and
 * {@link PrivateRedis#state()} are that one server), which a test may stop and start (an outage, a restart that comes
 * back empty) and whose {@code INFO commandstats} counts only this application's commands. The tests that
 * share it: {@code RedisRestartTest}, {@code SessionsWithoutRedisTest}, {@code ViewsWithoutRedisTest},
 * {@code NearCacheTest} and {@code NearCacheOnTheEventLoopTest}. What each of them needs, and the others do not mind:
 * <ul>
 * <li>{@value #WORKERS} worker threads, so that {@code NearCacheOnTheEventLoopTest} can keep every one of them busy
 * (the others send one request at a time);</li>
 * <li>views counted, but sent only when a test calls {@code ViewCounter.sendBuffered()}, so that no send lands
 * between two readings of {@code INFO commandstats};</li>
 * <li>keys under a prefix of their own ({@link #PREFIX}): {@code NearCacheTest} proves that another deployment's
 * prefix ({@code shop}) names no product to evict.</li>
 * </ul>
 * A test that stops the server starts it again before it ends; one that started it empty leaves the sessions it held
 * forgotten ({@link PrivateRedis#startServer()}).
 */
public class OnAPrivateRedis implements QuarkusTestProfile {

    /** The size of the worker pool. */
    public static final int WORKERS = 4;
    /** The key prefix of this application. */
    public static final String PREFIX = "ownredis";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.thread-pool.core-threads", String.valueOf(WORKERS),
                "quarkus.thread-pool.max-threads", String.valueOf(WORKERS),
                "views.send-interval", "1h",
                "cache.key-prefix", PREFIX);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivateRedis.class));
    }
}
