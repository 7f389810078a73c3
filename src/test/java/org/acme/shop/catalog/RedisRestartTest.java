package org.acme.shop.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.acme.shop.cache.CacheSpans;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.OnAPrivateRedis;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.RecentSpans;
import org.acme.shop.testing.Traces;
import org.acme.shop.testing.Traces.Trace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away while the service runs and comes back: reads fall back to PostgreSQL without an error while it is
 * gone, and use the cache again as soon as it answers, with one outage counted. Sessions live on the same server
 * here, so while it is gone nobody can be authenticated: requests that need a user get a {@code 503}, never a
 * {@code 500} or a {@code 401} that would tell a signed-in user that their session is gone. The trace of a read while
 * it is gone shows the bypass (docs/observability.md#traces).
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(OnAPrivateRedis.class)
class RedisRestartTest {

    @Inject
    RedisGuard guard;

    @Inject
    RecentSpans spans;

    @Test
    void readsBypassWhileRedisIsDownAndUseItAgainOnceItIsBack() {
        String admin = Accounts.login(Accounts.adminEmail(), Accounts.adminPassword());
        long id = Products.create();
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");
        double outages = Metrics.value("cache_redis_outages_total");

        PrivateRedis.cache().stopServer();
        try {
            String parent = Traces.newTraceparent();
            given().header(Traces.HEADER, parent).when().get("/api/products/" + id)
                    .then().statusCode(200).header("X-Cache", "BYPASS");
            // Its trace: the Redis look-up ends BYPASS, having sent nothing, and the load from PostgreSQL follows it.
            Trace trace = Traces.await(spans, parent);
            assertThat(trace.steps(trace.server()))
                    .containsExactly("cache.l1.lookup[MISS]", "cache.redis.lookup[BYPASS]", CacheSpans.LOAD);
            assertThat(trace.children(trace.child(trace.server(), CacheSpans.REDIS_LOOKUP))).isEmpty();
            assertThat(trace.children(trace.child(trace.server(), CacheSpans.LOAD)))
                    .extracting(SpanData::getName).anyMatch(Trace::selectsProducts);
            assertThat(trace.named(CacheSpans.STORE)).as("nothing stored while Redis is down").isEmpty();
            given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "BYPASS");
            Accounts.as(admin).contentType(ContentType.JSON)
                    .body(Products.body(Products.uniqueSku(), "Written while Redis was down", "2.00", "Home"))
                    .when().put("/api/products/" + id)
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            given().contentType(ContentType.JSON)
                    .body(Map.of("email", Accounts.adminEmail(), "password", Accounts.adminPassword()))
                    .when().post("/api/sessions")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            assertThat(guard.isDown()).isTrue();
        } finally {
            PrivateRedis.cache().startServer();
        }

        // The server came back empty (nothing on disk): the first read fills it, the second is served from it.
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");
        assertThat(guard.isDown()).as("the first successful command ended the outage").isFalse();
        assertThat(Metrics.value("cache_redis_outages_total") - outages).isEqualTo(1.0);
        // The sessions went with the server's memory.
        Accounts.as(admin).when().get("/api/users/me").then().statusCode(401).contentType("application/problem+json");
    }
}
