package org.acme.shop.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.acme.shop.catalog.near.NearCache;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.redis.RedisTopology;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Management;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.NearCacheInTests;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.TestRedis;
import org.acme.shop.testing.SafeguardsSwitchedOff;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The failure-injection switch {@code cache.outbox.apply-after-commit=false} drops the Redis step after every commit,
 * as if the app died right after each one: the old copies stay in Redis, and the relay alone must remove or replace
 * them within {@code cache.outbox.max-lag}.
 */
@QuarkusTest
@TestProfile(SafeguardsSwitchedOff.class)   // with the others' settings, which do not matter here
class AfterCommitDroppedTest {

    @Inject
    CacheConfig config;

    @Inject
    NearCache near;

    @Inject
    RedisTopology topology;

    @Inject
    OutboxRows rows;

    /** The keys under the profile's own prefix go with it, whichever of its tests ran last. */
    @AfterAll
    static void removeThisPrefix() {
        Arc.container().instance(TestRedis.class).get().deleteAllOfThisApplication();
    }

    @Test
    void theRelayRepairsAProductWriteWhoseInvalidationWasDropped() {
        String warm = NearCacheInTests.afterAHit(near, topology);
        long id = Products.create(Products.body(Products.uniqueSku(), "Kettle", "10.00", "Kitchen"));
        String sku = given().when().get("/api/products/" + id).then().statusCode(200).extract().path("sku");
        given().when().get("/api/products/" + id).then().header("X-Cache", "HIT");   // and now in L1 as well

        Accounts.asAdmin().contentType(ContentType.JSON).body(Products.body(sku, "Kettle, renamed", "11.00", "Kitchen"))
                .when().put("/api/products/" + id).then().statusCode(200);
        given().when().get("/api/products/" + id)
                .then().header("X-Cache", warm).body("name", equalTo("Kettle"));     // the switch works: stale

        await().atMost(config.outbox().maxLag()).pollInterval(Duration.ofMillis(50))
                .until(() -> "Kettle, renamed".equals(given().when().get("/api/products/" + id).then().extract().path("name")));
        await().atMost(config.outbox().maxLag()).until(() -> rows.pending(id, "") == 0);   // the create's row too
    }

    @Test
    void theRelayWritesThroughAStockChangeWhoseWriteThroughWasDropped() {
        String sku = Products.createSku();
        put(sku, 5);
        given().when().get("/api/inventory/" + sku).then().header("X-Cache", "MISS").body("available", equalTo(5));
        put(sku, 7);
        given().when().get("/api/inventory/" + sku).then().header("X-Cache", "HIT").body("available", equalTo(5));

        await().atMost(config.outbox().maxLag()).pollInterval(Duration.ofMillis(50))
                .until(() -> Integer.valueOf(7).equals(given().when().get("/api/inventory/" + sku).then().extract().path("available")));
        given().when().get("/api/inventory/" + sku).then().header("X-Cache", "HIT").body("version", equalTo(2));
        assertThat(rows.pendingForSku(sku)).isZero();
    }

    @Test
    void metricsShowTheBacklogItsAgeAndTheReplays() {
        double replays = Metrics.value("cache_outbox_replays_total{kind=\"product\"}");
        Products.create();                              // one row, left to the relay

        await().atMost(config.outbox().maxLag()).pollInterval(Duration.ofMillis(100))
                .until(() -> Metrics.value("cache_outbox_replays_total{kind=\"product\"}") > replays);
        await().atMost(Duration.ofSeconds(3)).until(() -> Metrics.value("cache_outbox_backlog_rows") == 0.0);
        assertThat(Metrics.value("cache_outbox_oldest_age_seconds")).isZero();
        Management.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("cache_outbox_relay_failures_total{cause=\"redis\"}"))
                .body(containsString("cache_outbox_relay_failures_total{cause=\"database\"}"))
                .body(containsString("cache_outbox_replays_total{kind=\"stock\"}"));
    }

    private static void put(String sku, int available) {
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("available", available))
                .when().put("/api/inventory/" + sku).then().statusCode(200);
    }
}
