package org.acme.shop.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.acme.shop.catalog.near.NearCache;
import org.acme.shop.cache.CacheSpans;
import org.acme.shop.redis.RedisTopology;
import org.acme.shop.cache.SingleFlight;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.NearCacheInTests;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.RecentSpans;
import org.acme.shop.testing.Traces;
import org.acme.shop.testing.Traces.Trace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every request is a trace, and a product read's trace shows which tier answered and what each step cost: the caches'
 * own spans ({@link CacheSpans}) under the server span, the Redis and JDBC client spans under them. Each test sends a
 * {@code traceparent} of its own and reads its trace from the tests' exporter ({@link RecentSpans}).
 * docs/observability.md#traces shows these trees.
 */
@QuarkusTest
@Tag("redis")
class TraceTest {

    @Inject
    RecentSpans spans;

    @Inject
    NearCache near;

    @Inject
    RedisTopology topology;

    @Inject
    MeterRegistry registry;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/api/products/")
    URI products;

    @Test
    void aMissLooksInBothTiersThenLoadsFromPostgresAndStoresInRedis() {
        long id = Products.create();

        Trace trace = read(id, "MISS");

        SpanData server = trace.server();
        assertThat(server.getName()).isEqualTo("GET /api/products/{id}");
        assertThat(trace.steps(server)).containsExactly(
                "cache.l1.lookup[MISS]", "cache.redis.lookup[MISS]", CacheSpans.LOAD, CacheSpans.STORE);
        assertThat(trace.children(trace.child(server, CacheSpans.REDIS_LOOKUP)))         // only Redis commands (the
                .extracting(Trace::dbSystem).allMatch("redis"::equals);                   // GET, when attached here)
        assertThat(trace.children(trace.child(server, CacheSpans.LOAD)))
                .extracting(SpanData::getName).anyMatch(Trace::selectsProducts);
        assertThat(trace.children(trace.child(server, CacheSpans.STORE)))
                .extracting(Trace::dbSystem).containsOnly("redis");                       // the store script
        assertThat(trace.child(server, CacheSpans.LOAD).getAttributes().asMap().values()).contains("product");
    }

    @Test
    void aRedisHitAsksNeitherTheDatabaseNorLoads() {
        long id = Products.create();
        read(id, "MISS");

        Trace trace = read(id, "HIT");

        SpanData server = trace.server();
        assertThat(trace.steps(server)).containsExactly("cache.l1.lookup[MISS]", "cache.redis.lookup[HIT]");
        assertThat(trace.children(trace.child(server, CacheSpans.REDIS_LOOKUP)))
                .extracting(Trace::dbSystem).allMatch("redis"::equals);
        assertThat(trace.spans()).extracting(Trace::dbSystem).doesNotContain("postgresql");
        assertThat(trace.named(CacheSpans.LOAD)).isEmpty();
    }

    @Test
    void anL1HitIsOneStepAndSendsNoCommand() {
        long id = Products.create();
        read(id, "MISS");
        read(id, "HIT");
        String next = NearCacheInTests.afterAHit(near, topology);

        Trace trace = read(id, next);

        if (next.equals("L1")) {
            assertThat(trace.steps(trace.server())).containsExactly("cache.l1.lookup[L1]");
            assertThat(trace.spans()).extracting(Trace::dbSystem).containsOnlyNulls();  // no Redis, no PostgreSQL
        } else {                                                                      // a cluster: L1 stays off
            assertThat(trace.steps(trace.server())).containsExactly("cache.l1.lookup[MISS]", "cache.redis.lookup[HIT]");
        }
    }

    @Test
    void concurrentMissesLoadInOneTraceAndWaitForItInTheOthers() throws Exception {
        long id = Products.create();
        int readers = 5;
        double waitsBefore = coalesced();
        List<String> parents = new ArrayList<>();
        List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        try (Connection tx = dataSource.getConnection(); Statement sql = tx.createStatement()) {
            tx.setAutoCommit(false);
            sql.execute("lock table product in access exclusive mode");             // the first load waits here
            for (int i = 0; i < readers; i++) {
                String parent = Traces.newTraceparent();
                parents.add(parent);
                responses.add(http.sendAsync(HttpRequest.newBuilder(products.resolve(String.valueOf(id)))
                        .header(Traces.HEADER, parent).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.discarding()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> coalesced() - waitsBefore >= readers - 1);
            tx.commit();
        }
        assertThat(responses).allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(200));

        List<Trace> traces = parents.stream().map(parent -> Traces.await(spans, parent)).toList();
        List<Trace> loaded = traces.stream().filter(trace -> !trace.named(CacheSpans.LOAD).isEmpty()).toList();
        List<Trace> waited = traces.stream().filter(trace -> !trace.named(SingleFlight.WAIT_SPAN).isEmpty()).toList();
        assertThat(loaded).as("one reader loaded").hasSize(1);
        assertThat(waited).as("the others waited for its load").hasSize(readers - 1)
                .allSatisfy(trace -> {
                    assertThat(trace.steps(trace.server())).containsExactly(
                            "cache.l1.lookup[MISS]", "cache.redis.lookup[MISS]", SingleFlight.WAIT_SPAN);
                    assertThat(trace.spans()).extracting(Trace::dbSystem).doesNotContain("postgresql");
                });
        SpanData wait = waited.get(0).named(SingleFlight.WAIT_SPAN).get(0);
        SpanData load = loaded.get(0).named(CacheSpans.LOAD).get(0);
        assertThat(wait.getEndEpochNanos()).as("a wait ends once the load has").isGreaterThanOrEqualTo(
                load.getEndEpochNanos());
    }

    @Test
    void aWriteInvalidatesInItsOwnStep() {
        long id = Products.create();
        String parent = Traces.newTraceparent();
        Accounts.asAdmin().header(Traces.HEADER, parent).contentType(ContentType.JSON)
                .body(Products.body(Products.uniqueSku(), "Renamed", "3.00", "Home"))
                .when().put("/api/products/" + id).then().statusCode(200);

        Trace trace = Traces.await(spans, parent);

        SpanData invalidate = trace.named(CacheSpans.INVALIDATE).get(0);
        assertThat(invalidate.getAttributes().asMap().values()).contains("product", "done");
        assertThat(trace.children(invalidate)).extracting(SpanData::getName).contains("incr", "unlink");
    }

    @Test
    void noSpanCarriesATokenAnEmailAPasswordOrAKey() {
        String email = Accounts.uniqueEmail();
        String registered = Traces.newTraceparent();
        given().header(Traces.HEADER, registered).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD, "displayName", "Ada"))
                .when().post("/api/users").then().statusCode(201);
        String loggedIn = Traces.newTraceparent();
        String token = given().header(Traces.HEADER, loggedIn).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD))
                .when().post("/api/sessions").then().statusCode(201).extract().jsonPath().getString("token");
        String signedIn = Traces.newTraceparent();
        Accounts.as(token).header(Traces.HEADER, signedIn).when().get("/api/users/me").then().statusCode(200);

        List<Trace> traces = Stream.of(registered, loggedIn, signedIn).map(parent -> Traces.await(spans, parent))
                .toList();
        assertThat(traces.get(0).spans()).as("registering asks PostgreSQL")
                .extracting(Trace::dbSystem).contains("postgresql");
        assertThat(traces.get(1).spans()).as("logging in asks PostgreSQL and writes the session in Redis")
                .extracting(Trace::dbSystem).contains("postgresql", "redis");
        assertThat(traces.get(2).spans()).as("a signed-in request reads the session")
                .extracting(Trace::dbSystem).contains("redis");
        assertThat(traces.get(2).server().getAttributes().get(AttributeKey.stringKey("client.address")))
                .as("the client's network, not its address (TracedClientAddress)").isEqualTo("127.0.0.0");
        assertThat(traces.stream().flatMap(Trace::attributeValues))
                .isNotEmpty()
                .noneMatch(value -> value.contains(token))
                .noneMatch(value -> value.contains(email))
                .noneMatch(value -> value.contains(Accounts.PASSWORD))
                .noneMatch(value -> value.contains("shop:"));
    }

    /** One read of product {@code id} in a trace of its own, which answers {@code outcome}. */
    private Trace read(long id, String outcome) {
        String parent = Traces.newTraceparent();
        given().header(Traces.HEADER, parent).when().get("/api/products/" + id)
                .then().statusCode(200).header("X-Cache", outcome);
        return Traces.await(spans, parent);
    }

    private double coalesced() {
        return registry.counter("cache.coalesced", "cache", "product").count();
    }
}
