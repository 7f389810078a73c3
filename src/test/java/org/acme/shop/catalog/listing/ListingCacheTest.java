package org.acme.shop.catalog.listing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.catalog.CatalogConfig;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Listings under load and attack: a listing miss is loaded once however many requests miss it, under a namespaced
 * lock; only the allowed page sizes and pages up to the limit are cached.
 */
@QuarkusTest
@Tag("redis")
class ListingCacheTest {

    @Inject
    TestRedis redis;

    @Inject
    CatalogKeys keys;

    @Inject
    MeterRegistry registry;

    @Inject
    DataSource dataSource;

    @Inject
    CatalogConfig config;

    @TestHTTPResource("/api/products")
    URI products;

    @Test
    void fiftyConcurrentMissesOfOneListingLoadItOnce() throws Exception {
        String category = "Crowded " + Products.uniqueSku();
        Products.create(Products.body(Products.uniqueSku(), "crowded", "1.00", category));   // a new catalog version
        long version = Long.parseLong(redis.get(keys.catalogVersion()));
        String key = keys.productPage(version, category, 0, 20);
        String lock = keys.listingLock(key);
        assertThat(lock).isEqualTo(key.replace("shop:catalog:products:", "shop:catalog:lock:products:"));
        double loadsBefore = loads();

        List<CompletableFuture<HttpResponse<String>>> responses;
        try (Connection tx = dataSource.getConnection(); Statement sql = tx.createStatement()) {
            tx.setAutoCommit(false);
            sql.execute("lock table product in access exclusive mode");
            responses = Concurrently.get(URI.create(products + "?size=20&category=" + category.replace(" ", "%20")), 50);
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.exists(lock));
            assertThat(redis.pttl(lock)).as("the lock expires by itself").isBetween(1L, 2_000L);
            tx.commit();
        }
        assertThat(Concurrently.statuses(responses)).containsOnly(200);
        assertThat(loads() - loadsBefore).as("database loads for 50 concurrent misses").isEqualTo(1.0);
        assertThat(redis.exists(lock)).as("the loader released its lock").isFalse();
        assertThat(redis.exists(key)).isTrue();
    }

    @Test
    void onlyTheAllowedPageSizesAreCached() {
        assertThat(config.cache().listingPageSizes()).containsExactly(10, 20, 50, 100);
        Products.create();                              // a fresh version: nothing cached yet
        long version = Long.parseLong(redis.get(keys.catalogVersion()));

        given().when().get("/api/products?size=7").then().statusCode(200).header("X-Cache", "BYPASS");
        given().when().get("/api/products?size=7").then().statusCode(200).header("X-Cache", "BYPASS");
        assertThat(redis.exists(keys.productPage(version, null, 0, 7))).isFalse();

        given().when().get("/api/products?size=10").then().statusCode(200).header("X-Cache", "MISS");
        given().when().get("/api/products?size=10").then().statusCode(200).header("X-Cache", "HIT");
    }

    @Test
    void pagesBeyondTheLimitAreServedUncached() {
        int limit = config.cache().listingMaxPage();
        Products.create();
        long version = Long.parseLong(redis.get(keys.catalogVersion()));

        given().when().get("/api/products?size=10&page=" + (limit + 1)).then().statusCode(200).header("X-Cache", "BYPASS");
        assertThat(redis.exists(keys.productPage(version, null, limit + 1, 10))).isFalse();
        given().when().get("/api/products?size=10&page=" + limit).then().statusCode(200).header("X-Cache", "MISS");
        assertThat(redis.exists(keys.productPage(version, null, limit, 10))).isTrue();
    }

    @Test
    void madeUpCategoriesAreServedFromPostgresqlAndLeaveNoKey() {
        String category = "Real " + Products.uniqueSku();
        Products.create(Products.body(Products.uniqueSku(), "real", "1.00", category));   // a fresh version
        List<String> before = redis.scan(keys.prefix() + ":catalog:*");

        for (int i = 0; i < 200; i++) {
            given().queryParam("category", UUID.randomUUID().toString()).when().get("/api/products")
                    .then().statusCode(200).header("X-Cache", "BYPASS").body("totalItems", equalTo(0));
        }
        assertThat(redis.scan(keys.prefix() + ":catalog:*")).as("no key for any of them, no lock left")
                .containsExactlyInAnyOrderElementsOf(before);

        given().queryParam("category", category.toLowerCase(Locale.ROOT)).when().get("/api/products")
                .then().statusCode(200).header("X-Cache", "MISS").body("totalItems", equalTo(1));
        given().queryParam("category", category).when().get("/api/products")
                .then().statusCode(200).header("X-Cache", "HIT").body("totalItems", equalTo(1));
    }

    /** The filter's query, as Hibernate writes it, can be answered from the index on lower(category). */
    @Test
    void theCategoryFilterUsesAnIndex() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("set local enable_seqscan = off");      // a test table is small enough to scan
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = sql.executeQuery("explain select id from product where lower(category) = "
                    + "lower('Kitchen') order by created_at desc, id desc limit 20")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            connection.rollback();
            assertThat(plan.toString()).contains("product_category_lower_created_idx").doesNotContain("Sort");
        }
    }

    private double loads() {
        return registry.counter("cache.loads", "cache", "products").count();
    }
}
