package org.acme.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.common.KeySpace;
import org.acme.shop.common.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * A hot key just invalidated, 100 requests at once: the database is asked once. To make the requests really pile up
 * behind the first load, the test holds an exclusive lock on the product table (a real PostgreSQL lock that blocks
 * every SELECT) until it has seen the loader's Redis lock.
 */
@QuarkusTest
class StampedeTest {

    static final int REQUESTS = 100;

    @Inject
    TestRedis redis;

    @Inject
    KeySpace keys;

    @Inject
    MeterRegistry registry;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/api/products/")
    URI products;

    @Test
    void oneHundredConcurrentMissesLoadOnceUnderANamespacedLockThatIsGoneAfterwards() throws Exception {
        long id = Products.create();
        String lock = keys.productLock(id);
        assertThat(lock).isEqualTo("shop:catalog:lock:product:" + id);
        double loadsBefore = loads();

        List<CompletableFuture<HttpResponse<String>>> responses;
        try (Connection tx = dataSource.getConnection(); Statement sql = tx.createStatement()) {
            tx.setAutoCommit(false);
            sql.execute("lock table product in access exclusive mode");
            responses = fire(id, REQUESTS);
            awaitKey(lock);
            long pttl = redis.pttl(lock);
            assertThat(pttl).as("the lock expires by itself").isBetween(1L, 2_000L);
            tx.commit();
        }
        assertThat(statuses(responses)).containsOnly(200);
        assertThat(loads() - loadsBefore).as("database loads for 100 concurrent misses").isEqualTo(1.0);
        assertThat(redis.exists(lock)).as("the loader released its lock").isFalse();
        assertThat(redis.exists(keys.product(id))).isTrue();
    }

    @Test
    void whenAnotherInstanceHoldsTheLockReadersWaitThenAskTheDatabaseThemselves() throws Exception {
        long id = Products.create();
        String lock = keys.productLock(id);
        redis.setWithTtl(lock, "another-instance", 10);   // a loader elsewhere that never finishes

        List<CompletableFuture<HttpResponse<String>>> responses = fire(id, 10);
        assertThat(statuses(responses)).as("readers fall back after the wait").containsOnly(200);
        assertThat(redis.get(lock)).as("nobody deleted a lock it does not own").isEqualTo("another-instance");
        redis.delete(lock);
    }

    @Test
    void theReleaseScriptDeletesOnlyItsOwnToken() {
        String lock = keys.productLock(424242);
        redis.setWithTtl(lock, "mine", 10);
        assertThat(redis.eval(StampedeProtection.RELEASE_IF_OWNER, List.of(lock), "theirs")).isZero();
        assertThat(redis.exists(lock)).isTrue();
        assertThat(redis.eval(StampedeProtection.RELEASE_IF_OWNER, List.of(lock), "mine")).isEqualTo(1);
        assertThat(redis.exists(lock)).isFalse();
    }

    private double loads() {
        return registry.counter("cache.loads", "cache", "product").count();
    }

    private void awaitKey(String key) throws InterruptedException {
        for (int i = 0; i < 200 && !redis.exists(key); i++) {
            Thread.sleep(10);   // polling Redis from the test thread, not pacing the code under test
        }
        assertThat(redis.exists(key)).as("the loader took the lock %s", key).isTrue();
    }

    List<CompletableFuture<HttpResponse<String>>> fire(long id, int count) {
        return fire(products, id, count);
    }

    /** Sends {@code count} GETs of one product at once, without waiting for any answer. */
    static List<CompletableFuture<HttpResponse<String>>> fire(URI products, long id, int count) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(products.resolve(String.valueOf(id)))
                    .timeout(Duration.ofSeconds(30)).build();
            responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        return responses;
    }

    static List<Integer> statuses(List<CompletableFuture<HttpResponse<String>>> responses) {
        return responses.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
    }
}
