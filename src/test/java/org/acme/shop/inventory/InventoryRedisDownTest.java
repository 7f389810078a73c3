package org.acme.shop.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.RedisUnreachable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redis is a cache, not a dependency: with the client pointed at a closed port, every write commits to PostgreSQL and
 * succeeds, and reads answer from PostgreSQL.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(RedisUnreachable.class)
class InventoryRedisDownTest {

    @Inject
    StockRows rows;

    @Inject
    MeterRegistry registry;

    @Test
    void writesCommitAndReadsAnswerFromPostgres() {
        double failed = registry.counter("inventory.cache.writes", "result", "failed").count();
        double evictions = Metrics.value("cache_redis_errors_total{operation=\"evict\"}");
        double bypasses = Metrics.value("cache_gets_total{cache=\"stock\",result=\"bypass\"}");
        String sku = Stocks.newProduct();

        Stocks.setAvailable(sku, 10).statusCode(200).body("available", equalTo(10)).body("version", equalTo(1));
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 10, 0, 1));

        String id = Stocks.reserved(sku, 3);
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 7, 3, 2));
        given().when().get("/api/inventory/" + sku)
                .then().statusCode(200).header("X-Cache", "BYPASS")
                .body("available", equalTo(7)).body("reserved", equalTo(3)).body("version", equalTo(2));

        Accounts.asCustomer().when().delete("/api/inventory/reservations/" + id).then().statusCode(204);
        given().when().get("/api/inventory/" + sku)
                .then().statusCode(200).header("X-Cache", "BYPASS").body("available", equalTo(10)).body("version", equalTo(3));
        Stocks.reserve(sku, 11).statusCode(409);

        assertThat(registry.counter("inventory.cache.writes", "result", "failed").count() - failed)
                .as("PUT, reservation and release each failed to reach Redis").isEqualTo(3);
        assertThat(Metrics.value("cache_redis_errors_total{operation=\"evict\"}") - evictions)
                .as("each failed write-through tried to evict the HASH").isEqualTo(3.0);
        assertThat(Metrics.value("cache_gets_total{cache=\"stock\",result=\"bypass\"}") - bypasses).isEqualTo(2.0);
    }

    @Test
    void unknownSkusAreStill404() {
        given().when().get("/api/inventory/NO-SUCH-SKU-ANYWHERE").then().statusCode(404);
    }
}
