package org.acme.shop.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.BehindProxies;
import org.acme.shop.testing.CapturedLogs;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cache role's circuit breaker ({@code RedisGuard}, {@code redis-circuit.*}), with the cache's Redis behind
 * {@link BehindProxies#cache()} (the sessions have a proxy of their own, passing): a slow Redis costs the reads that open the circuit one
 * timeout, and the reads after them none, until it answers again; the state role's circuit does not move. An error
 * that Redis answers does not open it.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(BehindProxies.class)   // the drills' application: no start of its own
class CacheCircuitTest {

    private static final String CACHE_OPEN = "cache_redis_circuit_open{role=\"cache\"}";
    private static final String STATE_OPEN = "cache_redis_circuit_open{role=\"state\"}";
    private static final String CACHE_REFUSED = "cache_redis_circuit_refused_total{role=\"cache\"}";
    private static final String STATE_REFUSED = "cache_redis_circuit_refused_total{role=\"state\"}";
    private static final String BYPASSES = "cache_gets_total{cache=\"product\",result=\"bypass\"}";
    /** Reads sent one after the other once the circuit is open. */
    private static final int READS = 20;
    /** What one of them would wait without the circuit: {@code quarkus.redis.timeout}. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @TestHTTPResource("/api/products/")
    URI products;

    @Inject
    TestRedis redis;

    @Inject
    CatalogKeys keys;

    @Inject
    SqlCounter sql;

    @AfterEach
    void networkBackToNormal() {
        BehindProxies.passAll();
        PrivateRedis.awaitInUse();                     // the next test starts with the circuits closed
    }

    @Test
    void aSlowCacheCostsOneTimeoutThenReadsSkipItUntilItAnswersAgain() {
        long cached = Products.create();
        given().when().get("/api/products/" + cached).then().statusCode(200).header("X-Cache", "MISS");
        long fresh = Products.create();                // never read yet: not in Redis
        double stateRefused = Metrics.value(STATE_REFUSED);

        try (CapturedLogs logs = CapturedLogs.start()) {
            BehindProxies.cache().delay(1_500);                   // three times the command timeout
            // Reads at once, each waiting for its timeout: together they fill the window with failures.
            assertThat(Concurrently.statuses(Concurrently.get(products.resolve(Long.toString(cached)), 20)))
                    .containsOnly(200);
            assertThat(Metrics.value(CACHE_OPEN)).as("the cache role's circuit opened").isEqualTo(1.0);

            double refused = Metrics.value(CACHE_REFUSED);
            double bypasses = Metrics.value(BYPASSES);
            long statements = sql.statements();
            long start = System.nanoTime();
            for (int i = 0; i < READS; i++) {
                given().when().get("/api/products/" + fresh)
                        .then().statusCode(200).header("X-Cache", "BYPASS").body("id", equalTo((int) fresh));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // Without the circuit: READS timeouts, 10 s. With it: a probe a second (redis-circuit.delay) at most, and
            // the reads themselves; half of the 10 s leaves room for a busy machine, the refusals below are exact.
            assertThat(took).as("%d reads while Redis is slow", READS).isLessThan(TIMEOUT.multipliedBy(READS / 2));
            assertThat(Metrics.value(CACHE_REFUSED) - refused).as("refused without being sent, but for the probes")
                    .isGreaterThanOrEqualTo(READS - 3);
            assertThat(Metrics.value(BYPASSES) - bypasses).isEqualTo(READS);
            assertThat(sql.statements() - statements).as("PostgreSQL answered every read")
                    .isGreaterThanOrEqualTo(READS);

            // The sessions' Redis is another role, with a circuit of its own: closed, and in use.
            String token = Accounts.newSession();
            Accounts.as(token).when().get("/api/users/me").then().statusCode(200);
            assertThat(Metrics.value(STATE_OPEN)).isZero();
            assertThat(Metrics.value(STATE_REFUSED)).isEqualTo(stateRefused);

            BehindProxies.cache().pass();
            // Nothing was stored while the circuit was open. (The test's own commands share the app's connections,
            // on which replies the proxy held may still come first: those may time out, and are asked again.)
            Awaitility.await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                    .until(() -> !redis.exists(keys.product(fresh)));
            // Within redis-circuit.delay a read goes through as the probe, closes the circuit and fills the key.
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "MISS".equals(xCache(fresh)));
            assertThat(redis.pttl(keys.product(fresh))).as("the read stored the product again").isPositive();
            given().when().get("/api/products/" + fresh).then().statusCode(200).header("X-Cache", "HIT");
            assertThat(Metrics.value(CACHE_OPEN)).isZero();
            assertThat(logs.lines()).filteredOn(line -> line.contains("circuit of the cache role opened")).hasSize(1);
            assertThat(logs.lines()).filteredOn(line -> line.contains("circuit of the cache role closed")).hasSize(1);
            assertThat(logs.lines()).noneMatch(line -> line.contains("circuit of the state role"));
        }
    }

    @Test
    void anErrorThatRedisAnswersDoesNotOpenTheCircuit() {
        long id = Products.create();
        String key = keys.product(id);
        redis.hset(key, Map.of("not", "a string"));    // every GET of this key now answers WRONGTYPE
        try {
            double errors = Metrics.value("cache_redis_errors_total{operation=\"get\"}");
            double refused = Metrics.value(CACHE_REFUSED);
            for (int i = 0; i < 40; i++) {             // twice the window, every command failed
                given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "BYPASS");
            }
            assertThat(Metrics.value("cache_redis_errors_total{operation=\"get\"}") - errors)
                    .as("each read failed").isGreaterThanOrEqualTo(40);
            assertThat(Metrics.value(CACHE_OPEN)).as("Redis answered each time, at once").isZero();
            assertThat(Metrics.value(CACHE_REFUSED)).isEqualTo(refused);
        } finally {
            redis.delete(key);
        }
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
    }

    private static String xCache(long id) {
        return given().when().get("/api/products/" + id).then().statusCode(200).extract().header("X-Cache");
    }
}
