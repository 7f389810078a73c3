package org.acme.shop.catalog.listing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.catalog.CatalogConfig;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.redis.KeySpace;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The category list, read-through under the versioned key: stored under the current version with the listing TTL, a
 * hit runs no SQL, a product write moves readers to a new key, and concurrent misses load once.
 */
@QuarkusTest
@Tag("redis")
class CategoryCacheTest {

    @Inject
    TestRedis redis;

    @Inject
    CatalogKeys keys;

    @Inject
    KeySpace keySpace;

    @Inject
    SqlCounter sql;

    @Inject
    DataSource dataSource;

    @Inject
    CatalogConfig config;

    @TestHTTPResource("/api/categories")
    URI categories;

    @Test
    void theListIsStoredUnderTheCurrentVersionAndAWriteMovesReadersToTheNext() {
        String category = "Versioned " + Products.uniqueSku();
        Products.create(Products.body(Products.uniqueSku(), "versioned", "1.00", category));
        long version = Long.parseLong(redis.get(keys.catalogVersion()));
        String key = keys.categories(version);

        given().when().get("/api/categories").then().statusCode(200).header("X-Cache", "MISS")
                .body("find { it.name == '" + category + "' }.products", equalTo(1));
        assertThat(redis.type(key)).isEqualTo("string");
        long ttl = config.cache().listingTtl().toSeconds();
        assertThat(redis.ttl(key)).isBetween((long) (ttl * 0.9) - 1, (long) (ttl * 1.1));
        long before = sql.statements();
        given().when().get("/api/categories").then().header("X-Cache", "HIT");
        assertThat(sql.statements() - before).as("a hit asks no SQL").isZero();

        Products.create(Products.body(Products.uniqueSku(), "versioned 2", "1.00", category));
        given().when().get("/api/categories").then().header("X-Cache", "MISS")
                .body("find { it.name == '" + category + "' }.products", equalTo(2));
        assertThat(redis.exists(keys.categories(version + 1))).isTrue();
    }

    @Test
    void fiftyConcurrentMissesLoadTheListOnce() throws Exception {
        // A burst first, so that the Redis pool has opened its connections (see BrandReadThroughTest).
        assertThat(Concurrently.statuses(Concurrently.get(categories, 50))).containsOnly(200);
        Products.create();                                           // a new version: nothing cached under it
        String key = keys.categories(Long.parseLong(redis.get(keys.catalogVersion())));
        double loads = Metrics.value("cache_loads_total{cache=\"categories\"}");
        List<CompletableFuture<HttpResponse<String>>> responses;
        try (Connection tx = dataSource.getConnection(); Statement statement = tx.createStatement()) {
            tx.setAutoCommit(false);
            statement.execute("lock table product in access exclusive mode");
            responses = Concurrently.get(categories, 50);
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions()   // a look that times out on a busy machine: look again
                    .until(() -> redis.exists(keySpace.readThroughLock(key)));
            tx.commit();
        }
        assertThat(Concurrently.statuses(responses)).containsOnly(200);
        assertThat(Metrics.value("cache_loads_total{cache=\"categories\"}") - loads).isEqualTo(1.0);
        assertThat(redis.exists(key)).isTrue();
    }
}
