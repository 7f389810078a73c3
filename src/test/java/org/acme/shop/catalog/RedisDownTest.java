package org.acme.shop.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Management;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.RedisUnreachable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redis is a cache, not a dependency: with the cache's client pointed at a closed port, the API still reads, and the
 * admin still writes (sessions are on their own server here; {@code RedisRestartTest} takes both away).
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
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
        Accounts.asAdmin().contentType(ContentType.JSON).body(Products.body(Products.uniqueSku(), "Still writable", "1.00", "Home"))
                .when().put("/api/products/" + id)
                .then().statusCode(200);
        given().when().get("/api/products/" + id)
                .then().statusCode(200).header("X-Cache", "BYPASS").body("name", equalTo("Still writable"));
        Accounts.asAdmin().when().delete("/api/products/" + id).then().statusCode(204);

        assertThat(Metrics.value("cache_redis_errors_total{operation=\"invalidate\"}") - invalidations)
                .as("create, update and delete each failed to invalidate").isEqualTo(3.0);
        assertThat(Metrics.value("cache_gets_total{cache=\"product\",result=\"bypass\"}") - bypasses).isEqualTo(1.0);
    }

    @Test
    void anOutageIsCountedOnceHoweverManyCommandsFail() {
        // The guard keeps one outage state for the process: a successful command of the session store (on its own
        // server here) ends the outage, so the reads start from a known "up" state. The near cache's tracking
        // connection, which follows the cache's dead server, fails on its own every few seconds: it may count the
        // outage that was going on before the session's command ended it, and it may be the one that starts the next
        // outage instead of the first read. Either way, one outage at most before the session and exactly one after.
        double outages = Metrics.value("cache_redis_outages_total");
        Accounts.newSession();
        double errors = Metrics.value("cache_redis_errors_total{operation=\"get\"}");
        for (int i = 0; i < 20; i++) {
            given().when().get("/api/products/" + (i + 1)).then().statusCode(200).header("X-Cache", "BYPASS");
        }
        assertThat(Metrics.value("cache_redis_errors_total{operation=\"get\"}") - errors).isGreaterThanOrEqualTo(20.0);
        assertThat(Metrics.value("cache_redis_outages_total") - outages).as("20 failed reads: one outage, one log line")
                .isBetween(1.0, 2.0);
    }

    @Test
    void sessionsOnTheirOwnServerOutliveTheCache() {
        String token = Accounts.newSession();
        Accounts.as(token).when().get("/api/users/me").then().statusCode(200).body("displayName", equalTo("Ada"));
    }

    @Test
    void readinessStaysUpWhileWellnessReportsTheCacheDown() {
        // Kubernetes keeps the pods in the Service: the API answers from PostgreSQL (see the tests above).
        Management.given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP")).body(not(containsString("Redis")));
        Management.given().when().get("/q/health/live").then().statusCode(200);
        Management.given().when().get("/q/health/well")
                .then().statusCode(503)
                .body("checks.find { it.name == 'Redis' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Redis' }.data.cache", equalTo("DOWN"))
                .body("checks.find { it.name == 'Redis' }.data.sessions", equalTo("UP"));
    }
}
