package org.acme.shop.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.RedisUnreachable;
import org.junit.jupiter.api.Test;

/** Redis is a cache, not a dependency: with the client pointed at a closed port, the API still reads and writes. */
@QuarkusTest
@TestProfile(RedisUnreachable.class)
class RedisDownTest {

    @Test
    void readsAreServedFromPostgresWithXCacheBypass() {
        given().when().get("/api/products/1")
                .then().statusCode(200).header("X-Cache", "BYPASS").body("id", equalTo(1));
        given().when().get("/api/products?size=5")
                .then().statusCode(200).header("X-Cache", "BYPASS");
        given().when().get("/api/categories")
                .then().statusCode(200).header("X-Cache", "BYPASS");
        given().when().get("/api/products/8000000000")
                .then().statusCode(404).header("X-Cache", "BYPASS");
    }

    @Test
    void writesStillSucceedAndTheFailureIsCounted() {
        double invalidations = Metrics.value("cache_redis_errors_total{operation=\"invalidate\"}");
        double bypasses = Metrics.value("cache_gets_total{cache=\"product\",result=\"bypass\"}");
        long id = Products.create();
        given().contentType(ContentType.JSON).body(Products.body(Products.uniqueSku(), "Still writable", "1.00", "Home"))
                .when().put("/api/products/" + id)
                .then().statusCode(200);
        given().when().get("/api/products/" + id)
                .then().statusCode(200).header("X-Cache", "BYPASS").body("name", equalTo("Still writable"));
        given().when().delete("/api/products/" + id).then().statusCode(204);

        assertThat(Metrics.value("cache_redis_errors_total{operation=\"invalidate\"}") - invalidations)
                .as("create, update and delete each failed to invalidate").isEqualTo(3.0);
        assertThat(Metrics.value("cache_gets_total{cache=\"product\",result=\"bypass\"}") - bypasses).isEqualTo(1.0);
    }

    @Test
    void anOutageIsCountedOnceHoweverManyCommandsFail() {
        double errors = Metrics.value("cache_redis_errors_total{operation=\"get\"}");
        for (int i = 0; i < 20; i++) {
            given().when().get("/api/products/" + (i + 1)).then().statusCode(200).header("X-Cache", "BYPASS");
        }
        assertThat(Metrics.value("cache_redis_errors_total{operation=\"get\"}") - errors).isGreaterThanOrEqualTo(20.0);
        assertThat(Metrics.value("cache_redis_outages_total")).as("Redis never answered: one outage, one log line")
                .isEqualTo(1.0);
    }

    @Test
    void sessionsAnswer503WithRetryAfterNotA500() {
        String email = "down-" + Products.uniqueSku().toLowerCase() + "@example.org";
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct horse battery", "displayName", "Ada"))
                .when().post("/api/users").then().statusCode(201);            // PostgreSQL only
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "correct horse battery"))
                .when().post("/api/sessions")
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        given().auth().oauth2("A".repeat(43)).when().get("/api/users/me")
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
    }

    @Test
    void readinessReportsRedisDown() {
        given().when().get("/q/health/ready").then().statusCode(503).body(containsString("Redis"));
    }
}
