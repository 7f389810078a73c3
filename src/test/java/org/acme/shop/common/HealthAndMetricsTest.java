package org.acme.shop.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void readinessCoversPostgresAndRedis() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Redis connection health check"));
    }

    @Test
    void metricsCountCacheGetsByResult() {
        given().when().get("/api/products/3").then().statusCode(200);
        given().when().get("/api/products/3").then().statusCode(200).header("X-Cache", "HIT");
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("cache_gets_total{cache=\"product\",result=\"hit\"}"))
                .body(containsString("cache_gets_total{cache=\"product\",result=\"miss\"}"));
    }
}
