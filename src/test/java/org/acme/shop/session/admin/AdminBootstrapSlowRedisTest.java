package org.acme.shop.session.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.BehindProxies;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.Products;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A start-up on a slow Redis: {@link BehindProxies} holds every Redis reply {@value BehindProxies#SLOW_START_MILLIS} ms
 * from the app's first connection until the first test, longer than the 500 ms a request waits
 * (quarkus.redis.timeout). The configured admin is new to the database, so start-up ends its sessions in Redis
 * ({@link AdminBootstrap}); that must not fail the start, as it did when those commands had a request's timeout and a
 * busy two-core machine made a cold JVM's first commands slower than that. The application started, and the
 * configured user is an admin; a request on the same slow Redis still gives up after its timeout.
 * <p>
 * It runs in any order with the other tests of {@link BehindProxies}: the start-up left its count of held replies, and
 * the test makes the state role slow again itself for the request.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(BehindProxies.class)
class AdminBootstrapSlowRedisTest {

    @AfterEach
    void networkBackToNormal() {
        BehindProxies.passAll();
        PrivateRedis.awaitInUse();          // and the role's circuit closed, should those timeouts have opened it
    }

    @Test
    void startUpWaitsForASlowRedisWhileARequestStillGivesUpAfterItsTimeout() {
        assertThat(BehindProxies.stateRepliesHeldWhileStarting()).as("start-up's commands waited for the slow Redis")
                .isPositive();
        Map<String, String> admin = Map.of("email", Accounts.adminEmail(), "password", Accounts.adminPassword());
        // As slow as during the start: the login's session cannot be written within a request's timeout.
        BehindProxies.state().delay(BehindProxies.SLOW_START_MILLIS);
        given().contentType(ContentType.JSON).body(admin).when().post("/api/sessions").then().statusCode(503);

        BehindProxies.passAll();
        PrivateRedis.awaitInUse();
        String token = Accounts.login(Accounts.adminEmail(), Accounts.adminPassword());
        // Start-up made the configured user an admin: it may create a product.
        Accounts.as(token).contentType(ContentType.JSON).body(Products.newBody())
                .when().post("/api/products").then().statusCode(201);
    }
}
