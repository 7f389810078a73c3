package org.acme.shop.testing;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The application of the failure drills: each of its three servers is reached through a {@link FaultProxy} of its
 * own, which a test turns slow, drops or refuses while the others pass. The cache's client (and the near cache's
 * tracking connection) go through {@link #cache()}, the {@code sessions} client through {@link #state()}, both to one
 * {@link PrivateRedis}; PostgreSQL through {@link #database()}. One start serves every drill: a test leaves each proxy
 * passing when it ends ({@link #passAll()}).
 * <p>
 * A connection the pool cannot get within 2 s fails the request (Agroal's default is 5 s), so that a drill of a
 * database that is gone does not wait longer than it must.
 */
public class BehindProxies implements QuarkusTestProfile {

    private static FaultProxy cache;
    private static FaultProxy state;
    private static FaultProxy database;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.jdbc.acquisition-timeout", "2s");
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

    /** Every proxy passes bytes as they come, and listens again where it was refused. */
    public static void passAll() {
        for (FaultProxy proxy : List.of(cache, state, database)) {
            proxy.restore();
        }
    }

    /** Starts the private Redis and the three proxies, and points the application at the proxies. */
    public static class Servers implements QuarkusTestResourceLifecycleManager {

        private final PrivateRedis redis = new PrivateRedis();

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
            config.put("quarkus.redis.hosts", "redis://127.0.0.1:" + cache.port());
            config.put("quarkus.redis.sessions.hosts", "redis://127.0.0.1:" + state.port());
            config.put("quarkus.datasource.jdbc.url",
                    "jdbc:postgresql://127.0.0.1:" + database.port() + target.getPath());
            return config;
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
