package org.acme.shop.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.inject.Inject;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.session.SessionKeys;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.BehindProxies;
import org.acme.shop.testing.CapturedLogs;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.TestRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The state role's circuit breaker, with the sessions client behind {@link BehindProxies#state()} and the cache's client on the
 * same Redis directly: slow session lookups (the {@code Uni} path, on the event loop) open it, the blocking commands
 * of the role are then refused too (one circuit per role), and the cache role's circuit does not move.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(BehindProxies.class)
class StateCircuitTest {

    private static final String STATE_OPEN = "cache_redis_circuit_open{role=\"state\"}";
    private static final String CACHE_OPEN = "cache_redis_circuit_open{role=\"cache\"}";
    private static final String STATE_REFUSED = "cache_redis_circuit_refused_total{role=\"state\"}";
    private static final String CACHE_REFUSED = "cache_redis_circuit_refused_total{role=\"cache\"}";
    /** Requests sent one after the other once the circuit is open. */
    private static final int READS = 20;
    /** What one of them would wait without the circuit: {@code quarkus.redis.sessions.timeout}. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/api/users/me")
    URI me;

    @Inject
    TestRedis redis;

    @Inject
    SessionKeys keys;

    @AfterEach
    void networkBackToNormal() {
        BehindProxies.passAll();
    }

    @Test
    void slowSessionsCostOneTimeoutThenAnswer503AtOnceWhileTheCacheStaysInUse() throws Exception {
        String email = Accounts.uniqueEmail();
        long userId = Accounts.register(email);
        String token = Accounts.login(email);
        assertThat(me(token)).isEqualTo(200);
        long id = Products.create();
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        double cacheRefused = Metrics.value(CACHE_REFUSED);

        try (CapturedLogs logs = CapturedLogs.start()) {
            BehindProxies.state().delay(1_500);                   // three times the command timeout
            // Signed-in requests at once: each session lookup waits for its timeout, and together they open it.
            assertThat(Concurrently.runAtOnce(20, () -> me(token))).containsOnly(503);
            assertThat(Metrics.value(STATE_OPEN)).as("the state role's circuit opened").isEqualTo(1.0);

            // The blocking commands of the role share the circuit: the view counters answer 503 without waiting.
            double refused = Metrics.value(STATE_REFUSED);
            long start = System.nanoTime();
            for (int i = 0; i < READS; i++) {
                given().when().get("/api/products/" + id + "/stats")
                        .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("%d reads while Redis is slow", READS).isLessThan(TIMEOUT.multipliedBy(READS / 4));
            assertThat(Metrics.value(STATE_REFUSED) - refused).as("refused without being sent, but for the probes")
                    .isGreaterThanOrEqualTo(READS - 3);

            // The cache role: a circuit of its own, closed; the product still comes from Redis.
            given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");
            assertThat(Metrics.value(CACHE_OPEN)).isZero();
            assertThat(Metrics.value(CACHE_REFUSED)).isEqualTo(cacheRefused);

            BehindProxies.state().pass();
            // Within redis-circuit.delay a lookup goes through as the probe: the session is still there.
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> me(token) == 200);
            Accounts.login(email);                     // a second session, written to Redis again
            assertThat(redis.zrange(keys.userSessions(userId))).hasSize(2);
            assertThat(Metrics.value(STATE_OPEN)).isZero();
            assertThat(logs.lines()).filteredOn(line -> line.contains("circuit of the state role opened")).hasSize(1);
            assertThat(logs.lines()).filteredOn(line -> line.contains("circuit of the state role closed")).hasSize(1);
            assertThat(logs.lines()).noneMatch(line -> line.contains("circuit of the cache role"));
        }
    }

    private int me(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(me).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
