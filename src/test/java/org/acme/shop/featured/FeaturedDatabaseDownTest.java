package org.acme.shop.featured;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.testing.BehindProxies;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.TestRedis;
import org.acme.shop.testing.WhileTheDatabaseIsRefused;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With PostgreSQL unreachable, the cached featured list is served, refreshes fail in the background, and only after
 * its hard expiry does a read fail (503). The database's proxy refuses every connection
 * ({@link WhileTheDatabaseIsRefused}).
 */
@Tag("own-redis")   // the drills' private Redis: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(BehindProxies.class)   // the drills' application: no start of its own
class FeaturedDatabaseDownTest extends WhileTheDatabaseIsRefused {

    @Inject
    TestRedis redis;

    @Inject
    FeaturedKeys keys;

    @Inject
    FeaturedConfig config;

    @Test
    void theOldListIsServedUntilItsHardExpiryThenA503() {
        String old = "[{\"id\":1,\"name\":\"cached before the outage\"}]";
        redis.delete(keys.featuredRefreshLock());
        redis.set(keys.featured(), FeaturedCache.SCHEMA.stored(old));
        redis.pexpire(keys.featured(), 8_000);                  // long past refresh-after: due for a refresh
        double failed = Metrics.value("cache_refreshes_total{cache=\"featured\",result=\"failed\"}");

        given().when().get("/api/products/featured").then().statusCode(200).header("X-Cache", "HIT")
                .body(org.hamcrest.Matchers.equalTo(old));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Metrics.value("cache_refreshes_total{cache=\"featured\",result=\"failed\"}") > failed);
        assertThat(redis.body(keys.featured())).as("a failed refresh leaves the old list").isEqualTo(old);
        given().when().get("/api/products/featured").then().statusCode(200).header("X-Cache", "HIT")
                .body(org.hamcrest.Matchers.equalTo(old));
        assertThat(redis.pttl(keys.featuredRefreshLock())).as("the failed refresher keeps the lock: one try per TTL")
                .isPositive();

        await().atMost(Duration.ofSeconds(15)).until(() -> !redis.exists(keys.featured()));
        given().when().get("/api/products/featured").then().statusCode(503).header("Retry-After", "5")
                .contentType("application/problem+json");
        redis.delete(keys.featuredRefreshLock());
    }
}
