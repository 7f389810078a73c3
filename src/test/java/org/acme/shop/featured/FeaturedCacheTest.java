package org.acme.shop.featured;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Refresh-ahead: the list lives for the hard expiry; a read of a list older than refresh-after answers at once and
 * starts exactly one background refresh; the admin's new list replaces the cached one after its commit.
 */
@QuarkusTest
@Tag("redis")
class FeaturedCacheTest {

    private static final String LOADS = "cache_loads_total{cache=\"featured\"}";
    private static final String REFRESHED = "cache_refreshes_total{cache=\"featured\",result=\"done\"}";

    @Inject
    TestRedis redis;

    @Inject
    FeaturedKeys keys;

    @Inject
    SqlCounter sql;

    @Inject
    DataSource dataSource;

    @Inject
    FeaturedConfig config;

    @TestHTTPResource("/api/products/featured")
    URI featured;

    /** Another test (HostileInputTest, say) may have left a curated list: start from the newest. */
    @BeforeEach
    void newestAgain() {
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("productIds", List.of()))
                .when().put("/api/products/featured").then().statusCode(204);
    }

    @Test
    void theFirstReadLoadsAndStoresTheListForTheHardExpiryAndTheNextRunsNoSql() {
        redis.delete(keys.featured());
        given().when().get("/api/products/featured").then().statusCode(200).header("X-Cache", "MISS")
                .body("size()", equalTo(config.size()));
        assertThat(redis.type(keys.featured())).isEqualTo("string");
        assertThat(redis.pttl(keys.featured())).as("the hard expiry, no jitter")
                .isBetween(config.ttl().toMillis() - 5_000, config.ttl().toMillis());

        long before = sql.statements();
        given().when().get("/api/products/featured").then().statusCode(200).header("X-Cache", "HIT");
        assertThat(sql.statements() - before).as("a fresh hit asks no SQL and refreshes nothing").isZero();
    }

    @Test
    void aReadNearExpiryAnswersAtOnceAndTriggersExactlyOneRefresh() throws Exception {
        // A warm path and an open Redis pool: a first hit slow enough to time out (BYPASS) is not what is tested.
        assertThat(Concurrently.statuses(Concurrently.get(featured, 20))).containsOnly(200);
        String cached = redis.body(keys.featured());
        // Older than refresh-after: the remaining TTL is below ttl - refresh-after (here one minute is left).
        long remaining = config.ttl().minus(config.refreshAfter()).toMillis() / 9;
        redis.pexpire(keys.featured(), remaining);
        double loads = Metrics.value(LOADS);
        double refreshed = Metrics.value(REFRESHED);

        List<CompletableFuture<HttpResponse<String>>> responses;
        try (Connection tx = dataSource.getConnection(); Statement statement = tx.createStatement()) {
            tx.setAutoCommit(false);
            statement.execute("lock table product in access exclusive mode");   // the refresh cannot finish yet
            responses = Concurrently.get(featured, 20);
            // Every reader is answered while the database is locked: nobody waited for the refresh.
            assertThat(Concurrently.statuses(responses)).containsOnly(200);
            assertThat(Concurrently.headers(responses, "X-Cache")).containsOnly("HIT");
            assertThat(responses).allSatisfy(response -> assertThat(response.join().body()).isEqualTo(cached));
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> redis.exists(keys.featuredRefreshLock()));
            tx.commit();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.value(REFRESHED) - refreshed == 1.0);
        assertThat(Metrics.value(LOADS) - loads).as("loads for 20 reads near expiry").isEqualTo(1.0);
        assertThat(redis.pttl(keys.featured())).as("the refresh stored the list for the hard expiry again")
                .isGreaterThan(config.ttl().minus(config.refreshAfter()).toMillis());
        assertThat(redis.exists(keys.featuredRefreshLock())).as("the refresher released its lock").isFalse();

        given().when().get("/api/products/featured").then().header("X-Cache", "HIT");
        assertThat(Metrics.value(LOADS) - loads).as("a refreshed list is not refreshed again").isEqualTo(1.0);
    }

    @Test
    void theAdminsListReplacesTheCachedOneAfterTheCommit() {
        long first = Products.create();
        long second = Products.create();
        given().when().get("/api/products/featured").then().statusCode(200);

        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("productIds", List.of(second, first)))
                .when().put("/api/products/featured").then().statusCode(204);
        assertThat(redis.exists(keys.featured())).as("gone before the response").isFalse();
        given().when().get("/api/products/featured").then().statusCode(200).header("X-Cache", "MISS")
                .body("id", contains((int) second, (int) first));
        given().when().get("/api/products/featured").then().header("X-Cache", "HIT");
    }

    @Test
    void unknownOrRepeatedIdsAre400AndOnlyTheAdminMaySetTheList() {
        long id = Products.create();
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("productIds", List.of(id, 8_000_000_000L)))
                .when().put("/api/products/featured")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("productIds"));
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("productIds", List.of(id, id)))
                .when().put("/api/products/featured")
                .then().statusCode(400).body("errors[0].field", equalTo("productIds"));
        Accounts.asCustomer().contentType(ContentType.JSON).body(Map.of("productIds", List.of(id)))
                .when().put("/api/products/featured").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("productIds", List.of(id)))
                .when().put("/api/products/featured").then().statusCode(401);
    }
}
