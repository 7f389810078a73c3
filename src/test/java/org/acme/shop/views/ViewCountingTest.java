package org.acme.shop.views;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.acme.shop.catalog.near.NearCache;
import org.acme.shop.redis.RedisTopology;
import org.acme.shop.session.SessionConfig;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.NearCacheInTests;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Counting views on {@code GET /api/products/{id}} and reading them back from {@code GET /api/products/{id}/stats},
 * in the test profile: the sender runs, the scheduled flusher does not (the tests flush themselves).
 */
@QuarkusTest
@Tag("redis")
class ViewCountingTest {

    @Inject
    NearCache near;

    @Inject
    RedisTopology topology;

    @Inject
    ViewCounter counter;

    @Inject
    ViewFlusher flusher;

    @Inject
    ViewRedis views;

    @Inject
    TestRedis redis;

    @Inject
    ViewKeys keys;

    @Inject
    SqlCounter sql;

    @Test
    void everyReadOfAFoundProductCountsOneViewInRedisAndRunsNoSqlForIt() {
        String warm = NearCacheInTests.afterAHit(near, topology);
        long id = Products.create();
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        long statements = sql.statements();
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");   // fills L1
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", warm);    // counts too
        assertThat(sql.statements() - statements).as("a counted hit still runs no SQL").isZero();
        long unknown = id + 1_000_000_000L;
        given().when().get("/api/products/" + unknown).then().statusCode(404);

        counter.sendBuffered();
        String pending = views.pendingKey(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> "3".equals(redis.get(pending)));
        assertThat(redis.type(pending)).isEqualTo("string");
        assertThat(redis.ttl(pending)).as("the pending counter lives until the flusher brings it to 0").isEqualTo(-1);
        assertThat(views.viewsInStream(id)).as("the stream holds the same views as deltas").isEqualTo(3);
        assertThat(redis.type(views.stream(id))).isEqualTo("stream");

        String visitors = keys.viewVisitors(counter.shard(id), id, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        assertThat(redis.type(visitors)).as("a HyperLogLog is a STRING").isEqualTo("string");
        assertThat(redis.ttl(visitors)).as("kept until the longest period, 7 days, no longer covers its day")
                .isBetween(Duration.ofDays(6).toSeconds(), Duration.ofDays(7).toSeconds());
        assertThat(redis.exists(views.pendingKey(unknown))).as("a 404 is not a view").isFalse();
    }

    @Test
    void theFlusherMovesTheViewsToPostgresAndOutOfRedis() {
        long id = Products.create();
        for (int i = 0; i < 5; i++) {
            given().when().get("/api/products/" + id).then().statusCode(200);
        }
        counter.sendBuffered();
        await().atMost(Duration.ofSeconds(5)).until(() -> "5".equals(redis.get(views.pendingKey(id))));
        given().when().get("/api/products/" + id + "/stats").then().statusCode(200)
                .body("productId", equalTo((int) id)).body("flushed", equalTo(0)).body("pending", equalTo(5))
                .body("total", equalTo(5));
        List<String> entryIds = views.entries(id).stream().map(entry -> entry.id()).toList();
        double flushed = Metrics.value("views_flushed_total");

        assertThat(flusher.flushPending()).isTrue();

        given().when().get("/api/products/" + id + "/stats").then().statusCode(200)
                .body("flushed", equalTo(5)).body("pending", equalTo(0)).body("total", equalTo(5));
        assertThat(redis.exists(views.pendingKey(id))).as("a counter at 0 is deleted").isFalse();
        assertThat(views.entries(id)).as("acknowledged entries are deleted from the stream").isEmpty();
        assertThat(rows.entryIdsKept(entryIds)).as("their ids are forgotten once Redis acknowledged them").isZero();
        assertThat(Metrics.value("views_flushed_total") - flushed).isGreaterThanOrEqualTo(5);
    }

    @Inject
    ViewRows rows;

    @Test
    void statsNeedAKnownProductAndDaysFromOneTo7() {
        long id = Products.create();
        given().when().get("/api/products/" + (id + 1_000_000_000L) + "/stats").then().statusCode(404)
                .contentType("application/problem+json");
        for (String days : List.of("0", "8", "-1")) {
            given().when().get("/api/products/" + id + "/stats?days=" + days).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("days"));
        }
        given().when().get("/api/products/" + id + "/stats?days=7").then().statusCode(200).body("days", equalTo(7))
                .body("uniqueViewers", equalTo(0));
    }

    @Test
    void eachVisitorCountsOnceHoweverOftenItReads() {
        long id = Products.create();
        String a = Accounts.newSession();
        String b = Accounts.newSession();
        for (int i = 0; i < 3; i++) {
            given().cookie(SessionConfig.SECURE_COOKIE, a).when().get("/api/products/" + id).then().statusCode(200);
        }
        given().cookie(SessionConfig.SECURE_COOKIE, b).when().get("/api/products/" + id).then().statusCode(200);
        given().header("Authorization", "Bearer " + b).when().get("/api/products/" + id).then().statusCode(200);
        given().header("Authorization", "Bearer visitor-c-" + id).when().get("/api/products/" + id)
                .then().statusCode(200);                                   // not a token: this machine's address
        given().when().get("/api/products/" + id).then().statusCode(200);        // this machine's address
        given().when().get("/api/products/" + id).then().statusCode(200);
        counter.sendBuffered();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().when().get("/api/products/" + id + "/stats?days=1").then().statusCode(200)
                        .body("pending", equalTo(8)).body("uniqueViewers", equalTo(3)));
    }

    @Test
    void aWellFormedTokenWithoutASessionCountsAsItsAddress() {
        long id = Products.create();
        String signedOut = Accounts.newSession();
        given().auth().oauth2(signedOut).when().delete("/api/sessions/current").then().statusCode(204);
        String neverIssued = "Zm9yIHRoZSB1bmlxdWUtdmlld2VyIHRlc3Qgb25seSE";    // 32 bytes, base64url: a token's form
        String product = "/api/products/" + id;
        given().header("Authorization", "Bearer " + neverIssued).when().get(product).then().statusCode(200);
        given().cookie(SessionConfig.SECURE_COOKIE, neverIssued).when().get(product).then().statusCode(200);
        given().header("Authorization", "Bearer " + signedOut).when().get(product).then().statusCode(200);
        given().when().get(product).then().statusCode(200);
        counter.sendBuffered();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().when().get(product + "/stats?days=1").then().statusCode(200)
                        .body("pending", equalTo(4)).body("uniqueViewers", equalTo(1)));
        String visitors = keys.viewVisitors(counter.shard(id), id, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        assertThat(redis.get(visitors)).doesNotContain(neverIssued).doesNotContain(signedOut);
    }

    @Test
    void aSendAddsUpTheReadsOfEachProductAndCutsItIntoScriptsOf250Products() {
        long first = Products.create() + 2_000_000_000L;     // ids no product has: only Redis is looked at
        int products = 600;
        for (int i = 0; i < products; i++) {
            for (int read = 0; read < 3; read++) {
                counter.record(first + i, VisitorId.from(null, null, "10.1.0." + read));
            }
        }
        counter.sendBuffered();

        for (int i = 0; i < products; i++) {
            assertThat(redis.get(views.pendingKey(first + i))).as("three reads, one INCRBY of 3").isEqualTo("3");
        }
        List<Map<String, String>> entries = views.entriesOfAnyOf(first, first + products - 1);
        assertThat(entries).as("one entry per script").hasSizeGreaterThanOrEqualTo(3);
        assertThat(entries).allSatisfy(entry -> assertThat(entry).hasSizeLessThanOrEqualTo(1 + 250));
        assertThat(entries.stream().flatMap(entry -> entry.entrySet().stream())
                .filter(field -> !"at".equals(field.getKey())).mapToLong(field -> Long.parseLong(field.getValue())).sum())
                .isEqualTo(3L * products);
        assertThat(flusher.flushPending()).as("no such products: the flusher drops their views, and the counters").isTrue();
        views.forget(first, first + products - 1);
    }

    @Test
    void tenThousandDistinctVisitorsAreEstimatedWithinTwoPercentIn12KilobytesAtMost() {
        long id = Products.create();
        int distinct = 10_000;
        for (int i = 0; i < distinct; i++) {
            counter.record(id, VisitorId.from(null, null, "10.0." + (i / 256) + "." + (i % 256)));
            counter.record(id, VisitorId.from(null, null, "10.0." + (i / 256) + "." + (i % 256)));  // seen twice
            if (i % 1000 == 999) {
                counter.sendBuffered();                       // within views.max-visitors per interval
            }
        }
        counter.sendBuffered();
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.toString(2L * distinct).equals(redis.get(views.pendingKey(id))));

        JsonPath stats = given().when().get("/api/products/" + id + "/stats?days=2").then().statusCode(200)
                .extract().jsonPath();
        assertThat(stats.getLong("uniqueViewers")).as("HyperLogLog: standard error 0.81 %")
                .isBetween((long) (distinct * 0.98), (long) (distinct * 1.02));
        String visitors = keys.viewVisitors(counter.shard(id), id, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        assertThat(views.strlen(visitors)).as("dense encoding: 16,384 six-bit registers and a 16-byte header")
                .isLessThanOrEqualTo(12 * 1024 + 16);
    }
}
