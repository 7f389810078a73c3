package org.acme.shop.testing;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The application of the failure drills: each of its three servers is reached through a {@link FaultProxy} of its
 * own, which a test turns slow, drops or refuses while the others pass. The cache's client (and the near cache's
 * tracking connection) go through {@link #cache()}, the {@code sessions} client through {@link #state()}, both to one
 * {@link PrivateRedis}; PostgreSQL through {@link #database()}. One start serves every drill: a test leaves each proxy
 * passing when it ends ({@link #passAll()}). The tests that share it: {@code CacheCircuitTest},
 * {@code RedisFailureDrillTest}, {@code StateCircuitTest}, {@code ViewFlushDatabaseDownTest},
 * {@code DatabaseDownTest}, {@code FeaturedDatabaseDownTest} (the database refused for a whole test) and
 * {@code AdminBootstrapSlowRedisTest}. What they need, and the others do not mind:
 * <ul>
 * <li>a connection the pool cannot get within 2 s fails the request (Agroal's default is 5 s), so that a drill of a
 * database that is gone does not wait longer than it must;</li>
 * <li>a start-up on a slow Redis, for {@code AdminBootstrapSlowRedisTest}: both Redis proxies hold every reply
 * {@value #SLOW_START_MILLIS} ms from the app's first connection on, longer than the 500 ms a request waits, and pass
 * from the first test on (Quarkus hands each test instance to {@link Servers#inject}, after the start); the
 * configured admin is new on every run ({@code shop.admin.email}), so that start-up changes it and ends its sessions
 * in Redis through the slow proxy.</li>
 * </ul>
 */
public class BehindProxies implements QuarkusTestProfile {

    /** How long each Redis reply is held while the application starts. */
    public static final long SLOW_START_MILLIS = 800;

    private static FaultProxy cache;
    private static FaultProxy state;
    private static FaultProxy database;
    private static long stateRepliesHeldWhileStarting;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.jdbc.acquisition-timeout", "2s",
                "shop.admin.email", "slow-start-" + System.currentTimeMillis() + "@test.local");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Servers.class));
    }

    /** Between the cache's client (and the tracking connection) and the private Redis. */
    public static FaultProxy cache() {
        return cache;
    }

    /** Between the {@code sessions} client and the same private Redis. */
    public static FaultProxy state() {
        return state;
    }

    /** Between the datasource and the tests' PostgreSQL (never stopped itself). */
    public static FaultProxy database() {
        return database;
    }

    /** How many of the state role's replies were held while the application started. */
    public static long stateRepliesHeldWhileStarting() {
        return stateRepliesHeldWhileStarting;
    }

    /**
     * Every proxy passes bytes as they come, and listens again where it was refused; and the datasource drops the idle
     * connections a refused database left closed, which would otherwise fail the next test's first queries one by one.
     */
    public static void passAll() {
        for (FaultProxy proxy : List.of(cache, state, database)) {
            proxy.restore();
        }
        Arc.container().instance(AgroalDataSource.class).get().flush(AgroalDataSource.FlushMode.INVALID);
    }

    /**
     * Starts the private Redis and the three proxies, slow Redis proxies while the application starts, and points the
     * application at the proxies.
     */
    public static class Servers implements QuarkusTestResourceLifecycleManager {

        private final PrivateRedis redis = new PrivateRedis();
        private volatile boolean starting;

        @Override
        public void init(Map<String, String> initArgs) {
            redis.init(initArgs);
        }

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(redis.start());
            cache = new FaultProxy("127.0.0.1", redis::port);
            state = new FaultProxy("127.0.0.1", redis::port);
            String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
            URI target = URI.create(url.substring("jdbc:".length()));
            int port = target.getPort() < 0 ? 5432 : target.getPort();
            database = new FaultProxy(target.getHost(), () -> port);
            cache.delay(SLOW_START_MILLIS);
            state.delay(SLOW_START_MILLIS);
            starting = true;
            config.put("quarkus.redis.hosts", "redis://127.0.0.1:" + cache.port());
            config.put("quarkus.redis.sessions.hosts", "redis://127.0.0.1:" + state.port());
            config.put("quarkus.datasource.jdbc.url",
                    "jdbc:postgresql://127.0.0.1:" + database.port() + target.getPath());
            return config;
        }

        /** Called with each test instance, once the application has started: the slow start ends at the first. */
        @Override
        public void inject(TestInjector testInjector) {
            if (starting) {
                starting = false;
                stateRepliesHeldWhileStarting = state.repliesHeld();
                cache.pass();
                state.pass();
            }
        }

        @Override
        public void stop() {
            cache.stop();
            state.stop();
            database.stop();
            redis.stop();
        }
    }
}
