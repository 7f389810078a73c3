package org.acme.shop.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.acme.shop.common.KeySpace;
import org.acme.shop.session.Roles;
import org.acme.shop.session.SessionStore;
import org.acme.shop.session.User;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Test;

/** With PostgreSQL unreachable, what Redis cannot answer is a 503 problem, never a stack trace or a hang. */
@QuarkusTest
@TestProfile(DatabaseDownTest.DatabaseUnreachable.class)
class DatabaseDownTest {

    public static class DatabaseUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Port 1 on loopback refuses connections at once; nothing may touch the database at start-up.
            return Map.of(
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/none",
                    "quarkus.datasource.jdbc.acquisition-timeout", "2s",
                    "quarkus.datasource.jdbc.min-size", "0",
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.hibernate-orm.schema-management.strategy", "none",
                    "catalog.sample-data.enabled", "false",
                    "shop.admin.email", "",                      // no admin bootstrap: it needs the database
                    "shop.admin.password", "",
                    "inventory.reservation-sweep-interval", "1h");   // the sweep would only log failures
        }
    }

    @Inject
    TestRedis redis;

    @Inject
    KeySpace keys;

    @Test
    void aCacheMissIs503WithRetryAfterAndTheFailedLoaderReleasesItsLock() {
        long id = ThreadLocalRandom.current().nextLong(7_000_000_000L, 8_000_000_000L);
        given().when().get("/api/products/" + id)
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("status", equalTo(503))
                .body(not(containsString("org.postgresql")));
        assertThat(redis.exists(keys.productLock(id))).as("a failed load releases the stampede lock").isFalse();
        assertThat(redis.exists(keys.product(id))).as("a failure is not cached").isFalse();
    }

    @Inject
    SessionStore sessions;

    @Test
    void aWriteIs503() {
        // Logging in needs the database; an admin session written straight to Redis does not.
        User admin = new User();
        admin.id = 1L;
        admin.email = "admin@db-down.test";
        admin.displayName = "Admin";
        admin.role = Roles.ADMIN;
        given().auth().oauth2(sessions.create(admin)).contentType(ContentType.JSON).body(Products.newBody())
                .when().post("/api/products")
                .then().statusCode(503).contentType("application/problem+json");
    }

    @Test
    void readinessReportsTheDatabaseDown() {
        given().when().get("/q/health/ready").then().statusCode(503);
    }
}
