package org.acme.shop.redis.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.Products;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("redis")
class HealthAndMetricsTest {

    @Test
    void readinessCoversPostgresOnlyAndWellnessReportsRedis() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check"))
                .body("checks.name", not(hasItem(containsString("Redis"))));
        given().when().get("/q/health/well")
                .then().statusCode(200)
                .body("checks.find { it.name == 'Redis' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Redis' }.data.cache", equalTo("UP"))
                .body("checks.find { it.name == 'Redis' }.data.sessions", equalTo("UP"));
    }

    @Test
    void metricsCountEachReadByOutcomeAndEachLoad() {
        long id = Products.create();
        double misses = Metrics.value("cache_gets_total{cache=\"product\",result=\"miss\"}");
        double hits = Metrics.value("cache_gets_total{cache=\"product\",result=\"hit\"}");
        double loads = Metrics.value("cache_loads_total{cache=\"product\"}");

        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");

        assertThat(Metrics.value("cache_gets_total{cache=\"product\",result=\"miss\"}") - misses).isEqualTo(1.0);
        assertThat(Metrics.value("cache_gets_total{cache=\"product\",result=\"hit\"}") - hits).isEqualTo(2.0);
        assertThat(Metrics.value("cache_loads_total{cache=\"product\"}") - loads).isEqualTo(1.0);
    }

    @Test
    void listingAndStockLoadsAreCountedPerCache() {
        String sku = Products.createSku();     // a product write retires every cached listing
        double pages = Metrics.value("cache_loads_total{cache=\"products\"}");
        double categories = Metrics.value("cache_loads_total{cache=\"categories\"}");
        double stock = Metrics.value("cache_loads_total{cache=\"stock\"}");

        given().when().get("/api/products?size=10").then().statusCode(200).header("X-Cache", "MISS");
        given().when().get("/api/products?size=10").then().statusCode(200).header("X-Cache", "HIT");
        given().when().get("/api/categories").then().statusCode(200).header("X-Cache", "MISS");
        given().when().get("/api/inventory/" + sku).then().statusCode(200).header("X-Cache", "MISS");

        assertThat(Metrics.value("cache_loads_total{cache=\"products\"}") - pages).isEqualTo(1.0);
        assertThat(Metrics.value("cache_loads_total{cache=\"categories\"}") - categories).isEqualTo(1.0);
        assertThat(Metrics.value("cache_loads_total{cache=\"stock\"}") - stock).isEqualTo(1.0);
    }
}
