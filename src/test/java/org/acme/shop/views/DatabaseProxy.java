package org.acme.shop.views;

import java.net.URI;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.acme.shop.testing.FaultProxy;

/**
 * A {@link FaultProxy} between the application and the tests' PostgreSQL, which a test can cut and restore: the
 * shared database server is never stopped. Cutting closes every open connection (the pool's connections fail at
 * their next use) and refuses new ones, as a database that went away would; restoring listens on the same port again.
 */
public class DatabaseProxy implements QuarkusTestResourceLifecycleManager {

    private static FaultProxy proxy;

    @Override
    public Map<String, String> start() {
        String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        URI target = URI.create(url.substring("jdbc:".length()));
        int port = target.getPort() < 0 ? 5432 : target.getPort();
        proxy = new FaultProxy(target.getHost(), () -> port);
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath());
    }

    @Override
    public void stop() {
        proxy.stop();
    }

    /** Closes every connection and stops listening: connecting is refused until {@link #restore()}. */
    public static void cut() {
        proxy.refuse();
    }

    /** Listens again on the same port and relays every new connection to PostgreSQL. */
    public static void restore() {
        proxy.restore();
    }
}
