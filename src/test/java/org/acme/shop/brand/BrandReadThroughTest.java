package org.acme.shop.brand;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.acme.shop.redis.KeySpace;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Brands read-through: the resource asks the cache, the cache loads on a miss (once, however many missed), stores with
 * a jittered TTL, and answers the next read from Redis alone. Products name their brand by slug.
 */
@QuarkusTest
@Tag("redis")
class BrandReadThroughTest {

    @Inject
    TestRedis redis;

    @Inject
    BrandKeys keys;

    @Inject
    KeySpace keySpace;

    @Inject
    SqlCounter sql;

    @Inject
    DataSource dataSource;

    @Inject
    BrandConfig config;

    @TestHTTPResource("/api/brands/kettleworks")
    URI kettleworks;

    @Test
    void aMissLoadsAndStoresTheBrandAndTheNextReadRunsNoSql() {
        String key = keys.brand("barista");
        redis.delete(key);
        double loads = Metrics.value("cache_loads_total{cache=\"brand\"}");

        given().when().get("/api/brands/barista")
                .then().statusCode(200).header("X-Cache", "MISS")
                .body("slug", equalTo("barista")).body("name", equalTo("Barista"));
        assertThat(key).isEqualTo("shop:catalog:brand:barista");
        assertThat(redis.type(key)).isEqualTo("string");
        assertThat(redis.body(key)).isEqualTo("{\"slug\":\"barista\",\"name\":\"Barista\"}");
        long ttl = config.cacheTtl().toSeconds();
        assertThat(redis.ttl(key)).as("TTL with ±10 %% jitter").isBetween((long) (ttl * 0.9) - 1, (long) (ttl * 1.1));

        long before = sql.statements();
        given().when().get("/api/brands/barista").then().statusCode(200).header("X-Cache", "HIT")
                .body("name", equalTo("Barista"));
        assertThat(sql.statements() - before).as("a hit asks no SQL").isZero();
        assertThat(Metrics.value("cache_loads_total{cache=\"brand\"}") - loads).isEqualTo(1.0);
    }

    @Test
    void theListIsReadThroughToo() {
        redis.delete(keys.brands());
        given().when().get("/api/brands").then().statusCode(200).header("X-Cache", "MISS")
                .body("size()", greaterThanOrEqualTo(50)).body("slug", hasItem("marble-co"));
        assertThat(redis.ttl(keys.brands())).isPositive();
        long before = sql.statements();
        given().when().get("/api/brands").then().statusCode(200).header("X-Cache", "HIT");
        assertThat(sql.statements() - before).isZero();
    }

    @Test
    void anUnknownSlugIs404AndIsNotCached() {
        given().when().get("/api/brands/no-such-brand-" + System.nanoTime())
                .then().statusCode(404).contentType("application/problem+json").header("X-Cache", "MISS");
        assertThat(redis.scan(keys.brand("no-such-brand-*"))).isEmpty();
    }

    @Test
    void aSlugThatIsNotASlugIs400NamingIt() {
        given().when().get("/api/brands/Not%20A%20Slug")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("slug"));
    }

    @Test
    void fiftyConcurrentMissesOfOneBrandLoadItOnce() throws Exception {
        // A burst first, so that the Redis pool has opened its connections: in a cold JVM a command waiting for a
        // new connection can pass the 500 ms timeout and be served from PostgreSQL (BYPASS), which is not tested here.
        assertThat(Concurrently.statuses(Concurrently.get(kettleworks, 50))).containsOnly(200);
        String key = keys.brand("kettleworks");
        redis.delete(key);
        double loads = Metrics.value("cache_loads_total{cache=\"brand\"}");
        List<CompletableFuture<HttpResponse<String>>> responses;
        try (Connection tx = dataSource.getConnection(); Statement statement = tx.createStatement()) {
            tx.setAutoCommit(false);
            statement.execute("lock table brand in access exclusive mode");     // the first load waits here
            responses = Concurrently.get(kettleworks, 50);
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions()   // a look that times out on a busy machine: look again
                    .until(() -> redis.exists(keySpace.readThroughLock(key)));
            tx.commit();
        }
        assertThat(Concurrently.statuses(responses)).containsOnly(200);
        assertThat(Metrics.value("cache_loads_total{cache=\"brand\"}") - loads).as("loads for 50 concurrent misses")
                .isEqualTo(1.0);
        assertThat(redis.exists(keySpace.readThroughLock(key))).as("the loader released its lock").isFalse();
        assertThat(keySpace.readThroughLock(key)).isEqualTo("shop:catalog:lock:brand:kettleworks");
    }

    @Test
    void aProductNamesItsBrandAndAnUnknownBrandIs400() {
        Map<String, Object> body = new HashMap<>(Products.newBody());
        body.put("brand", "ferro");
        long id = Products.create(body);
        given().when().get("/api/products/" + id).then().statusCode(200).body("brand", equalTo("ferro"));
        given().when().get("/api/products/" + Products.create()).then().statusCode(200).body("brand", nullValue());

        body.put("sku", Products.uniqueSku());
        body.put("brand", "no-such-brand");
        Accounts.asAdmin().contentType(ContentType.JSON).body(body).when().post("/api/products")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("brand"));
        body.put("brand", "Not A Slug");
        Accounts.asAdmin().contentType(ContentType.JSON).body(body).when().put("/api/products/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("brand"));
        given().when().get("/api/products/" + id).then().body("brand", equalTo("ferro"));
    }

    @Test
    void theSampleProductsHaveTheirBrands() {
        given().queryParam("category", "Toys").queryParam("size", 100).when().get("/api/products")
                .then().statusCode(200).body("items.findAll { it.sku == 'TOY-0002' }.brand", hasItem("marble-co"));
    }
}
