package org.acme.shop.catalog.near;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.OnAPrivateRedis;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.TableLocks;
import org.acme.shop.views.ViewRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A hit needs no worker thread: {@code GET /api/products/{id}} answers an L1 hit and a Redis hit on the event loop, and
 * only a read that goes on to PostgreSQL moves to a worker (docs/near-cache.md). Proved from outside, with a pool of a
 * few worker threads that PostgreSQL keeps busy: every one of them is stuck in a miss behind a table lock, and both
 * hits are answered all the same. View counting stays on: a hit counts its view on the event loop too.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(OnAPrivateRedis.class)
class NearCacheOnTheEventLoopTest {

    private static final int WORKERS = OnAPrivateRedis.WORKERS;

    @Inject
    NearCache near;

    @Inject
    DataSource dataSource;

    @Inject
    ViewRedis views;

    @TestHTTPResource("/api/products/")
    URI products;

    @BeforeEach
    void trackingIsOn() {
        await().atMost(Duration.ofSeconds(10)).until(near::inUse);
    }

    @Test
    void l1AndRedisHitsAreAnsweredWhileEveryWorkerThreadIsBusy() throws Exception {
        long held = Products.create();
        given().when().get("/api/products/" + held).then().statusCode(200).header("X-Cache", "MISS");
        given().when().get("/api/products/" + held).then().statusCode(200).header("X-Cache", "HIT");   // fills L1
        long inRedis = Products.create();
        given().when().get("/api/products/" + inRedis).then().statusCode(200).header("X-Cache", "MISS");  // not L1
        List<Long> missing = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            missing.add(Products.create());                   // in PostgreSQL, not yet in Redis
        }

        List<CompletableFuture<HttpResponse<String>>> misses = new ArrayList<>();
        HttpResponse<String> hit;
        HttpResponse<String> redisHit;
        try (Connection tx = dataSource.getConnection(); Statement sql = tx.createStatement()) {
            tx.setAutoCommit(false);
            sql.execute("lock table product in access exclusive mode");
            for (long id : missing) {
                misses.addAll(Concurrently.get(products.resolve(String.valueOf(id)), 1));
            }
            // Every worker thread is now inside a load, waiting for the lock: PostgreSQL shows one backend each.
            await().atMost(Duration.ofSeconds(10)).until(() -> TableLocks.productSelectsWaiting(sql) >= WORKERS);

            hit = Concurrently.get(products.resolve(String.valueOf(held)), 1).getFirst().get(5, TimeUnit.SECONDS);
            redisHit = Concurrently.get(products.resolve(String.valueOf(inRedis)), 1).getFirst()
                    .get(5, TimeUnit.SECONDS);

            assertThat(misses).as("the misses still hold every worker thread").noneMatch(CompletableFuture::isDone);
            tx.commit();
        }
        assertThat(hit.statusCode()).isEqualTo(200);
        assertThat(hit.headers().firstValue("X-Cache")).hasValue("L1");
        assertThat(redisHit.statusCode()).isEqualTo(200);
        assertThat(redisHit.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(Concurrently.statuses(misses)).containsOnly(200);
        assertThat(Concurrently.headers(misses, "X-Cache")).containsOnly("MISS");
    }

    @Test
    void anL1HitCountsItsViewLikeEveryOtherRead() {
        long id = Products.create();
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "L1");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "L1");
        views.sendBuffered();                                // OnAPrivateRedis sends only when a test asks

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().when().get("/api/products/" + id + "/stats")
                .then().statusCode(200).body("total", equalTo(4)));
    }

}
