package org.acme.shop.redis.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.acme.shop.catalog.near.NearCache;
import org.acme.shop.redis.RedisTopology;
import org.acme.shop.testing.Management;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.NearCacheInTests;
import org.acme.shop.testing.Products;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("redis")
class HealthAndMetricsTest {

    @Inject
    NearCache near;

    @Inject
    RedisTopology topology;

    /**
     * Operations off the API port: health and metrics answer on the management interface only. The API port, the one
     * the Kubernetes Service publishes, answers {@code 404} for them, as for any path it does not serve.
     */
    @Test
    void healthAndMetricsAnswerOnTheManagementPortAndNotOnTheApiPort() {
        assertThat(Management.port()).as("a port of its own").isNotEqualTo(RestAssured.port);
        Management.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().when().get("/q/health/ready").then().statusCode(200);
        Management.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started",
                "/q/health/well", "/q/metrics")) {
            given().when().get(path).then().statusCode(404);
        }
    }

    @Test
    void readinessCoversPostgresOnlyAndWellnessReportsRedis() {
        Management.given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check"))
                .body("checks.name", not(hasItem(containsString("Redis"))));
        Management.given().when().get("/q/health/well")
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
        double nearHits = Metrics.value("cache_gets_total{cache=\"product\",result=\"l1\"}");
        double loads = Metrics.value("cache_loads_total{cache=\"product\"}");
        String warm = NearCacheInTests.afterAHit(near, topology);

        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");   // fills L1
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", warm);
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", warm);

        double l1 = "L1".equals(warm) ? 2.0 : 0.0;
        assertThat(Metrics.value("cache_gets_total{cache=\"product\",result=\"miss\"}") - misses).isEqualTo(1.0);
        assertThat(Metrics.value("cache_gets_total{cache=\"product\",result=\"hit\"}") - hits).isEqualTo(3.0 - l1);
        assertThat(Metrics.value("cache_gets_total{cache=\"product\",result=\"l1\"}") - nearHits).isEqualTo(l1);
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
