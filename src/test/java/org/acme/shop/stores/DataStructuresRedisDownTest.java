package org.acme.shop.stores;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.RedisUnreachable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The data-structure endpoints without the cache's Redis (the session store stays up, see {@link RedisUnreachable}):
 * each answers from PostgreSQL with {@code X-Cache: BYPASS}, the same answer it gives with Redis, and a confirmation
 * still succeeds although its sale cannot be counted in Redis.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(RedisUnreachable.class)
class DataStructuresRedisDownTest {

    @Test
    void theStoreSearchMeasuresPostgresqlsRowsAsRedisWould() {
        JsonPath berlin = given().when().get("/api/stores/near?lat=52.52&lon=13.405&km=450&sku=KIT-0003")
                .then().statusCode(200).header("X-Cache", "BYPASS").extract().jsonPath();
        assertThat(berlin.getList("stores.code")).containsExactly("BER", "HAM", "CPH", "FRA");
        assertThat(berlin.getDouble("stores[1].distanceKm")).isCloseTo(255.32, within(0.05));
        assertThat(berlin.getList("stores.units")).doesNotContainNull();
    }

    @Test
    void theBulkReadLoadsEveryIdFromPostgresql() {
        long a = Products.create();
        long b = Products.create();
        given().when().get("/api/products?ids=" + b + "," + a + ",9000000007")
                .then().statusCode(200).header("X-Cache", "BYPASS").header("X-Cache-Misses", "3")
                .body("items.id", equalTo(List.of((int) b, (int) a)))
                .body("missing", equalTo(List.of(9000000007L)));
    }

    @Test
    void aConfirmationSucceedsAndTheRankingIsCountedInPostgresql() {
        String sku = Products.uniqueSku();
        long id = Products.create(Products.body(sku, "Sold without Redis", "3.00", "Kitchen"));
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("available", 10))
                .when().put("/api/inventory/" + sku).then().statusCode(200);
        String reservation = Accounts.asCustomer().contentType(ContentType.JSON).body(Map.of("quantity", 7))
                .when().post("/api/inventory/" + sku + "/reservations")
                .then().statusCode(201).extract().jsonPath().getString("id");
        Accounts.asCustomer().when().post("/api/inventory/reservations/" + reservation + "/confirm")
                .then().statusCode(200).body("status", equalTo("CONFIRMED"));

        JsonPath ranking = given().when().get("/api/products/best-sellers?days=1&limit=100")
                .then().statusCode(200).header("X-Cache", "BYPASS").extract().jsonPath();
        assertThat(ranking.getLong("items.find { it.productId == " + id + " }.unitsSold")).isEqualTo(7L);
        assertThat(ranking.getString("items.find { it.productId == " + id + " }.name")).isEqualTo("Sold without Redis");
    }

    @Test
    void theRebuildIsUnavailableWithoutRedis() {
        Accounts.asAdmin().when().post("/api/products/best-sellers/rebuild")
                .then().statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }
}
