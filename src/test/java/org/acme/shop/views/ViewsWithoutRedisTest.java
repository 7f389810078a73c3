package org.acme.shop.views;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.lessThan;

import java.time.Duration;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.OnAPrivateRedis;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redis (both roles, one private server) stops: product reads answer from PostgreSQL as fast as ever, a send that
 * fails is dropped and counted, views read during the outage wait in memory and arrive once Redis is back, and the
 * stats, which need Redis, answer 503.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(OnAPrivateRedis.class)
class ViewsWithoutRedisTest {

    @Inject
    ViewCounter counter;

    @Inject
    ViewRedis views;

    @Inject
    TestRedis redis;

    @Test
    void readsNeverWaitForTheCountAndViewsReadDuringTheOutageArriveAfterIt() {
        // A login of its own: a token cached for another private server on the same port would be gone.
        String admin = Accounts.login(Accounts.adminEmail(), Accounts.adminPassword());
        long id = Accounts.as(admin).contentType(ContentType.JSON).body(Products.newBody())
                .when().post("/api/products").then().statusCode(201).extract().jsonPath().getLong("id");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        counter.sendBuffered();
        await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(redis.get(views.pendingKey(id))));
        double dropped = Metrics.value("views_dropped_total{reason=\"redis\"}");

        PrivateRedis.cache().stopServer();
        try {
            for (int i = 0; i < 5; i++) {
                counter.record(id, VisitorId.from(null, null, "10.0.0." + i));
            }
            counter.sendBuffered();                           // the first failure: these five are dropped
            assertThat(Metrics.value("views_dropped_total{reason=\"redis\"}") - dropped).isEqualTo(5);
            for (int i = 0; i < 10; i++) {
                given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "BYPASS")
                        .time(lessThan(1_000L));
            }
            given().when().get("/api/products/" + id + "/stats").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "5");
        } finally {
            PrivateRedis.cache().startServer();
        }
        PrivateRedis.awaitInUse();                            // ten failed reads may have opened the cache's circuit

        // Redis came back empty: the count starts again with the ten reads held in memory and this one.
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        counter.sendBuffered();
        await().atMost(Duration.ofSeconds(5)).until(() -> "11".equals(redis.get(views.pendingKey(id))));
        assertThat(Metrics.value("views_dropped_total{reason=\"redis\"}") - dropped).isEqualTo(5);
    }
}
