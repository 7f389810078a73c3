package org.acme.shop.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.acme.shop.inventory.InventoryKeys;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Management;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.OnTwoPrivateRedis;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The outbox's promise, with a cache's Redis of its own that keeps an append-only file ({@link OnTwoPrivateRedis},
 * the relay on): stopped while products and stock change through the API, then started again with its old data (the
 * stale copies included). Within {@code cache.outbox.max-lag} of its return every change is visible, and from then on
 * no old copy is served. The sessions stay on the state role's server, so the admin can write while the cache is gone.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(OnTwoPrivateRedis.class)
class OutboxRecoveryTest {

    @Inject
    TestRedis redis;

    @Inject
    InventoryKeys keys;

    @Inject
    OutboxRows rows;

    @Inject
    OutboxRelay relay;

    @Inject
    CacheConfig config;

    @Test
    void changesMadeWhileRedisWasDownAreVisibleWithinMaxLagOfItsReturnAndNeverStaleAfterwards() {
        long id = Products.create(Products.body(Products.uniqueSku(), "Kettle before the outage", "10.00", "Kitchen"));
        String sku = given().when().get("/api/products/" + id).then().statusCode(200).extract().path("sku");
        given().when().get("/api/products/" + id).then().header("X-Cache", "HIT").body("price", equalTo(10.0f));
        setAvailable(sku, 5);
        given().when().get("/api/inventory/" + sku).then().header("X-Cache", "HIT").body("available", equalTo(5));

        PrivateRedis.cache().stopServer();
        try {
            Accounts.asAdmin().contentType(ContentType.JSON)
                    .body(Products.body(sku, "Kettle changed during the outage", "12.50", "Kitchen"))
                    .when().put("/api/products/" + id).then().statusCode(200);
            setAvailable(sku, 9);
            assertThat(rows.pending(id, sku)).as("both changes wait in the outbox").isEqualTo(2);
            given().when().get("/api/products/" + id).then().header("X-Cache", "BYPASS").body("price", equalTo(12.5f));
            // Readiness does not depend on Redis: the pods stay in the Service and answer from PostgreSQL.
            Management.given().when().get("/q/health/ready").then().statusCode(200);
            Management.given().when().get("/q/health/well").then().statusCode(503);
        } finally {
            PrivateRedis.cache().startServer();
        }
        long back = System.nanoTime();
        Duration maxLag = config.outbox().maxLag();

        await("fresh within cache.outbox.max-lag").atMost(maxLag).pollInterval(Duration.ofMillis(50)).until(() ->
                price(id) == 12.5f && available(sku) == 9);
        assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThanOrEqualTo(maxLag);
        assertThat(rows.pending(id, sku)).as("the relay deleted what it applied").isZero();
        for (int i = 0; i < 20; i++) {                  // and never stale afterwards
            given().when().get("/api/products/" + id).then().statusCode(200).body("price", equalTo(12.5f));
            given().when().get("/api/inventory/" + sku).then().statusCode(200).body("available", equalTo(9));
        }
        assertThat(redis.hgetall(keys.stock(sku))).containsEntry("available", "9").containsEntry("version", "2");
    }

    @Test
    void relaysRunningAtOnceLeaveTheNewestStockOfEverySku() throws Exception {
        List<String> skus = List.of(Products.createSku(), Products.createSku(), Products.createSku());
        double failures = Metrics.value("cache_outbox_relay_failures_total{cause=\"redis\"}");
        PrivateRedis.cache().stopServer();
        try {
            for (int available = 1; available <= 5; available++) {
                for (String sku : skus) {
                    setAvailable(sku, available);
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> skus.stream().allMatch(rows::allDueForSku));
            // The scheduled relay takes the due rows, fails on Redis and backs off; the failure is counted.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> Metrics.value("cache_outbox_relay_failures_total{cause=\"redis\"}") > failures);
            await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value("cache_outbox_backlog_rows") >= 15.0);
        } finally {
            PrivateRedis.cache().startServer();
        }
        PrivateRedis.awaitInUse();                     // the cache role's circuit opened: fifteen writes failed

        // Two relays started at the same instant (the scheduled one of this instance may join them): SKIP LOCKED
        // hands each row to one of them, and the version guard refuses any state older than the one Redis holds.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return relay.relayPending();
                }));
            }
            start.countDown();
            for (Future<Boolean> run : runs) {
                assertThat(run.get()).as("a relay pass with Redis back").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> skus.stream().allMatch(sku -> rows.pendingForSku(sku) == 0));
        for (String sku : skus) {
            assertThat(redis.hgetall(keys.stock(sku)))
                    .isEqualTo(Map.of("available", "5", "reserved", "0", "version", "5"));
        }
    }

    @Test
    void aLateReplayNeverOverwritesANewerState() {
        String sku = Products.createSku();
        setAvailable(sku, 3);
        setAvailable(sku, 4);                           // version 2, written through
        rows.plantStockRow(sku, 3, 0, 1);               // version 1, as a relay that stalled would replay it

        assertThat(relay.relayPending()).isTrue();
        assertThat(rows.pendingForSku(sku)).isZero();
        assertThat(redis.hgetall(keys.stock(sku))).isEqualTo(Map.of("available", "4", "reserved", "0", "version", "2"));
    }

    private static void setAvailable(String sku, int available) {
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("available", available))
                .when().put("/api/inventory/" + sku).then().statusCode(200);
    }

    private static float price(long id) {
        return given().when().get("/api/products/" + id).then().statusCode(200).extract().path("price");
    }

    private static int available(String sku) {
        return given().when().get("/api/inventory/" + sku).then().statusCode(200).extract().path("available");
    }
}
