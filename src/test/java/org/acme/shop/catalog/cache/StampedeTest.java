package org.acme.shop.catalog.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.catalog.cache.ProductStore;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A hot key just invalidated, 100 requests at once: the database is asked once. To make the requests really pile up
 * behind the first load, the test holds an exclusive lock on the product table (a real PostgreSQL lock that blocks
 * every SELECT) until it has seen the loader's Redis lock.
 */
@QuarkusTest
@Tag("redis")
class StampedeTest {

    static final int REQUESTS = 100;

    @Inject
    TestRedis redis;

    @Inject
    CatalogKeys keys;

    @Inject
    MeterRegistry registry;

    @Inject
    DataSource dataSource;

    @Inject
    CacheConfig config;

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
            responses = Concurrently.get(products.resolve(String.valueOf(id)), REQUESTS);
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.exists(lock));
            assertThat(redis.pttl(lock)).as("the lock expires by itself").isBetween(1L, 2_000L);
            tx.commit();
        }
        assertThat(Concurrently.statuses(responses)).containsOnly(200);
        assertThat(loads() - loadsBefore).as("database loads for 100 concurrent misses").isEqualTo(1.0);
        assertThat(redis.exists(lock)).as("the loader released its lock").isFalse();
        assertThat(redis.exists(keys.product(id))).isTrue();
    }

    @Test
    void whileAnotherInstanceLoadsReadersWaitForItsValueAndNeverAskTheDatabase() {
        long id = Products.create();
        String lock = keys.productLock(id);
        redis.setWithTtl(lock, "another-instance", 10);
        double loadsBefore = loads();

        List<CompletableFuture<HttpResponse<String>>> responses =
                Concurrently.get(products.resolve(String.valueOf(id)), 10);
        // The "other instance" finishes its load: it writes the key the readers are polling for.
        String value = "{\"id\":" + id + ",\"name\":\"written by the lock holder\"}";
        redis.setWithTtl(keys.product(id), ProductStore.SCHEMA.stored(value), 60);

        assertThat(Concurrently.statuses(responses)).containsOnly(200);
        assertThat(responses).allSatisfy(response -> assertThat(response.join().body()).isEqualTo(value));
        // Each reader found the value in Redis, or, once a first one had read it there, in the near cache (L1).
        assertThat(Concurrently.headers(responses, CacheOutcome.HEADER)).contains("HIT").isSubsetOf("HIT", "L1");
        assertThat(loads() - loadsBefore).as("loads while another instance held the lock").isZero();
        assertThat(redis.get(lock)).as("nobody deleted a lock it does not own").isEqualTo("another-instance");
        redis.delete(lock);
    }

    @Test
    void whenTheHolderNeverFinishesReadersLoadThemselvesAfterTheWait() {
        long id = Products.create();
        String lock = keys.productLock(id);
        redis.setWithTtl(lock, "another-instance", 10);   // a loader elsewhere that never finishes
        double loadsBefore = loads();
        long started = System.nanoTime();

        List<CompletableFuture<HttpResponse<String>>> responses =
                Concurrently.get(products.resolve(String.valueOf(id)), 10);

        assertThat(Concurrently.statuses(responses)).containsOnly(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the readers waited for the holder first").isGreaterThanOrEqualTo(config.stampede().maxWait());
        assertThat(Concurrently.headers(responses, CacheOutcome.HEADER)).containsOnly("MISS");
        assertThat(loads() - loadsBefore).as("one coalesced load after the wait").isEqualTo(1.0);
        assertThat(redis.get(lock)).as("nobody deleted a lock it does not own").isEqualTo("another-instance");
        redis.delete(lock);
    }

    private double loads() {
        return registry.counter("cache.loads", "cache", "product").count();
    }
}
