package org.acme.shop.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile whose PostgreSQL cannot be reached (Redis can): port 1 on loopback refuses connections at once, and
 * nothing may touch the database at start-up. Test classes that share it share one application.
 */
public class DatabaseUnreachable implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/none",
                "quarkus.datasource.jdbc.acquisition-timeout", "2s",
                "quarkus.datasource.jdbc.min-size", "0",
                "quarkus.flyway.migrate-at-start", "false",
                "quarkus.hibernate-orm.schema-management.strategy", "none",
                "catalog.sample-data.enabled", "false",
                "shop.admin.email", "",                      // no admin bootstrap: it needs the database
                "shop.admin.password", "",
                "inventory.reservation-sweep-interval", "1h",    // the sweep would only log failures
                "best-sellers.rebuild-at-start", "false");       // with no best-seller day in Redis: SQL
    }
}
