package org.acme.shop.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.acme.shop.http.Roles;
import org.acme.shop.session.SessionStore;
import org.acme.shop.testing.BehindProxies;
import org.acme.shop.testing.Management;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.TestRedis;
import org.acme.shop.testing.WhileTheDatabaseIsRefused;
import org.acme.shop.user.User;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With PostgreSQL unreachable, what Redis cannot answer is a 503 problem, never a stack trace or a hang. The database's
 * proxy refuses every connection during each test ({@link WhileTheDatabaseIsRefused}).
 */
@Tag("own-redis")   // the drills' private Redis: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(BehindProxies.class)   // the drills' application: no start of its own
class DatabaseDownTest extends WhileTheDatabaseIsRefused {

    @Inject
    TestRedis redis;

    @Inject
    CatalogKeys keys;

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
        Management.given().when().get("/q/health/ready").then().statusCode(503);
    }
}
