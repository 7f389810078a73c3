package org.acme.shop.session;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.RedisProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A start-up on a slow Redis: {@link RedisProxy} holds every reply 800 ms from the app's first connection on, longer
 * than the 500 ms a request waits (quarkus.redis.timeout). The configured admin is new to the database, so start-up
 * ends its sessions in Redis ({@link AdminBootstrap}); that must not fail the start, as it did when those commands had
 * a request's timeout and a busy two-core machine made a cold JVM's first commands slower than that.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(AdminBootstrapSlowRedisTest.SlowFromTheStart.class)
class AdminBootstrapSlowRedisTest {

    public static class SlowFromTheStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A new admin on every run, so that start-up changes it and sends its commands to Redis.
            return Map.of("shop.admin.email", "slow-start-" + System.currentTimeMillis() + "@test.local");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisProxy.class, Map.of(RedisProxy.DELAY_FROM_START, "800")));
        }
    }

    @AfterEach
    void networkBackToNormal() {
        RedisProxy.pass();
    }

    @Test
    void startUpWaitsForASlowRedisWhileARequestStillGivesUpAfterItsTimeout() {
        Map<String, String> admin = Map.of("email", Accounts.adminEmail(), "password", Accounts.adminPassword());
        // Still slow: the login's session cannot be written within a request's timeout.
        given().contentType(ContentType.JSON).body(admin).when().post("/api/sessions").then().statusCode(503);

        RedisProxy.pass();
        PrivateRedis.awaitInUse();          // and the role's circuit closed, should those timeouts have opened it
        String token = Accounts.login(Accounts.adminEmail(), Accounts.adminPassword());
        // Start-up made the configured user an admin: it may create a product.
        Accounts.as(token).contentType(ContentType.JSON).body(Products.newBody())
                .when().post("/api/products").then().statusCode(201);
    }
}
