package org.acme.shop.catalog.near;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.acme.shop.catalog.CatalogConfig;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.cache.CacheMetrics;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.acme.shop.http.EntityTags;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.OnAPrivateRedis;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The near cache (L1) against a Redis of the tests' own (sessions included), so that {@code INFO commandstats} counts
 * only this service's commands, with a key prefix of its own ({@link OnAPrivateRedis}; views are sent only when a
 * test asks, so an L1 hit sends no command at all). The app is one instance; the tests build a second, independent
 * L1 client (a {@link NearCache} with its own {@link NearCacheTracking} connection) to play the other instance.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(OnAPrivateRedis.class)
class NearCacheTest {

    private static final Logger LOG = Logger.getLogger(NearCacheTest.class);

    @Inject
    NearCache near;

    @Inject
    NearCacheTracking tracking;

    @Inject
    TestRedis redis;

    @Inject
    RedisDataSource dataSource;

    @Inject
    CatalogKeys keys;

    @Inject
    SqlCounter sql;

    @Inject
    CatalogConfig catalog;

    @Inject
    CacheConfig cache;

    @Inject
    CacheMetrics metrics;

    @Inject
    RedisGuard guard;

    @Inject
    Vertx vertx;

    private NearCache otherNear;
    private NearCacheTracking otherTracking;
    private Redis otherClient;

    @BeforeEach
    void trackingIsOn() {
        await().atMost(Duration.ofSeconds(10)).until(near::inUse);
    }

    @AfterEach
    void cleanUp() {
        if (otherTracking != null) {
            otherTracking.stop();
            otherClient.close();
        }
        // The catalog keys only: the sessions live on this private server too, and the admin's must stay.
        List<String> catalog = redis.scan(keys.prefix() + ":catalog:*");
        catalog.forEach(redis::delete);
    }

    @Test
    void theSecondReadIsAnL1HitAndSendsNoCommandToRedis() {
        long id = Products.create();
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");  // fills Redis
        // The first read of this instance that Redis answers fills L1. (The MISS above does not: its own store in
        // Redis is a change under the tracked prefix, and its push would evict the entry at once.)
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");
        Map<String, Long> commandsBefore = commandCalls();
        long sqlBefore = sql.statements();
        double l1Before = Metrics.value("cache_gets_total{cache=\"product\",result=\"l1\"}");

        given().when().get("/api/products/" + id)
                .then().statusCode(200).header("X-Cache", "L1").body("id", equalTo((int) id));

        assertThat(commandCalls()).as("INFO commandstats, every command but INFO and the heartbeat's PING")
                .isEqualTo(commandsBefore);
        assertThat(sql.statements() - sqlBefore).isZero();
        assertThat(Metrics.value("cache_gets_total{cache=\"product\",result=\"l1\"}") - l1Before).isEqualTo(1.0);
        assertThat(Metrics.value("cache_near_tracking{cache=\"product\"}")).isEqualTo(1.0);
        assertThat(Metrics.value("cache_near_enabled{cache=\"product\"}")).isEqualTo(1.0);
    }

    @Test
    void onlyAProductKeyNamesAnIdToEvict() {
        assertThat(keys.productKeyPrefix()).isEqualTo(OnAPrivateRedis.PREFIX + ":catalog:product:");
        assertThat(keys.productIdOf(keys.product(42))).isEqualTo(42);
        assertThat(keys.productIdOf(OnAPrivateRedis.PREFIX + ":catalog:product:42:views")).isEqualTo(-1);
        assertThat(keys.productIdOf(OnAPrivateRedis.PREFIX + ":catalog:product:")).isEqualTo(-1);
        assertThat(keys.productIdOf(OnAPrivateRedis.PREFIX + ":catalog:product:99999999999999999999")).isEqualTo(-1);
        assertThat(keys.productIdOf("shop:catalog:product:42")).as("another deployment's prefix").isEqualTo(-1);
    }

    @Test
    void aWriteOnThisInstanceEvictsItsOwnEntryBeforeResponding() {
        long id = Products.create();
        given().when().get("/api/products/" + id).then().header("X-Cache", "MISS");
        given().when().get("/api/products/" + id).then().header("X-Cache", "HIT");
        given().when().get("/api/products/" + id).then().header("X-Cache", "L1");

        update(id, "Renamed kettle");

        given().when().get("/api/products/" + id)
                .then().statusCode(200).header("X-Cache", "MISS").body("name", equalTo("Renamed kettle"));
    }

    @Test
    void aTombstoneIsServedFromL1Too() {
        long id = Products.create();
        Products.create();                                    // a tombstone only for an id below the highest
        Accounts.asAdmin().when().delete("/api/products/" + id).then().statusCode(204);

        given().when().get("/api/products/" + id).then().statusCode(404).header("X-Cache", "MISS");
        String fromRedis = given().when().get("/api/products/" + id).then().statusCode(404).header("X-Cache", "HIT")
                .contentType("application/problem+json").extract().asString();
        String fromL1 = given().when().get("/api/products/" + id).then().statusCode(404).header("X-Cache", "L1")
                .contentType("application/problem+json").extract().asString();
        assertThat(fromL1).as("the same problem body from L1 as from Redis").isEqualTo(fromRedis)
                .contains("No product with id " + id);
    }

    @Test
    void anL1HitIsTheSameAnswerAsARedisHitAndIsMeasuredUnderTheEndpointsTemplate() {
        long id = Products.create();
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        String fromRedis = given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT")
                .contentType(ContentType.JSON).extract().asString();
        String template = "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                + "uri=\"/api/products/{id}\"}";
        double requestsBefore = Metrics.value(template);

        String fromL1 = given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "L1")
                .contentType(ContentType.JSON).extract().asString();

        assertThat(fromL1).isEqualTo(fromRedis);
        assertThat(Metrics.value(template) - requestsBefore).as("the L1 hit in the endpoint's HTTP timer").isEqualTo(1.0);
        assertThat(Metrics.sum("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                + "uri=\"/api/products/" + id + "\"}")).as("no series per product id").isZero();
    }

    @Test
    void anAcceptOrAnIdOutsideTheContractGetsJaxRsAnswersWhileTheProductIsInL1() {
        long id = Products.create();
        given().when().get("/api/products/" + id).then().header("X-Cache", "MISS");
        given().when().get("/api/products/" + id).then().header("X-Cache", "HIT");
        given().when().get("/api/products/" + id).then().header("X-Cache", "L1");

        given().accept("application/xml").when().get("/api/products/" + id).then().statusCode(406);
        given().when().get("/api/products/0" + id).then().statusCode(200).header("X-Cache", "L1");
        given().when().get("/api/products/x" + id).then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anUpdateThroughAnotherInstanceEvictsThisOnesEntryWithinABoundedTime() {
        NearCache other = startOtherInstance();
        long id = Products.create();
        String key = keys.product(id);
        given().when().get("/api/products/" + id).then().header("X-Cache", "MISS");
        readUntilHeld(other, id);                             // the other instance holds the product in L1
        assertThat(other.get(id).value()).contains("Test kettle");

        long sent = System.nanoTime();
        update(id, "Renamed elsewhere");                      // through this app: its commit, then UNLINK
        long answered = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1)).until(() -> other.get(id) == null);
        long evicted = System.nanoTime();

        double lagMs = (evicted - sent) / 1e6;
        LOG.infof("Near cache coherence: PUT sent -> other instance's entry evicted in %.2f ms (the PUT took %.2f ms)",
                lagMs, (answered - sent) / 1e6);
        assertThat(lagMs).as("from the write to the other instance's eviction, ms").isLessThan(1000);
        assertThat(redis.exists(key)).isFalse();
        // The other instance's next read misses L1 and L2 and loads the new row (here: this app does it for it).
        given().when().get("/api/products/" + id).then().header("X-Cache", "MISS").body("name", equalTo("Renamed elsewhere"));
        readUntilHeld(other, id);
        assertThat(other.get(id).value()).as("and then holds it in L1").contains("Renamed elsewhere");
    }

    @Test
    void aFillThatRacedAnInvalidationIsRefused() {
        // The race, step by step, on the other instance: a reader takes its ticket and fetches the old copy; a write
        // elsewhere invalidates the key and its push arrives; then the reader tries to fill L1 with the old copy.
        NearCache other = startOtherInstance();
        long id = Products.create();
        given().when().get("/api/products/" + id).then().header("X-Cache", "MISS");
        readUntilHeld(other, id);                             // the push of the MISS's own store is through
        NearCache.Ticket ticket = other.ticket(id);
        String stale = redis.body(keys.product(id));

        update(id, "Renamed during the fetch");
        await().atMost(Duration.ofSeconds(2)).until(() -> other.get(id) == null);  // the push has arrived
        other.fill(ticket, hit(stale));

        assertThat(other.get(id)).as("the stale fill is refused").isNull();
        NearCache.Ticket fresh = other.ticket(id);
        other.fill(fresh, hit(stale));
        assertThat(other.get(id)).as("a ticket taken after the push may fill").isNotNull();
    }

    @Test
    void fillsRacingPushesOnRealThreadsNeverLeaveAStaleEntry() throws Exception {
        // Readers fill the other instance's L1 from Redis as fast as they can while a writer changes the key; once the
        // writer stops, L1 holds the last value or nothing, never an older one.
        NearCache other = startOtherInstance();
        long id = Products.create();
        String key = keys.product(id);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> readers = List.of(1, 2, 3).stream().map(n -> threads.submit(() -> {
                start.await();
                while (writing.get()) {
                    NearCache.Ticket ticket = other.ticket(id);
                    String value = redis.get(key);
                    if (value != null) {
                        other.fill(ticket, hit(value));
                    }
                }
                return null;
            })).toList();
            Future<?> writer = threads.submit(() -> {
                start.await();
                for (int version = 1; version <= 300; version++) {
                    redis.set(key, "{\"version\":" + version + "}");
                }
                writing.set(false);
                return null;
            });
            start.countDown();
            writer.get(30, TimeUnit.SECONDS);
            for (Future<Object> reader : readers) {
                reader.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        // The last push may still be on its way: wait until L1 agrees with Redis or is empty.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            var held = other.get(id);
            assertThat(held == null ? null : held.value()).isIn(null, "{\"version\":300}");
        });
    }

    @Test
    void killingTheTrackingConnectionClearsL1AndNoStaleReadFollows() {
        long id = Products.create();
        String key = keys.product(id);
        given().when().get("/api/products/" + id).then().header("X-Cache", "MISS");
        given().when().get("/api/products/" + id).then().header("X-Cache", "HIT");
        given().when().get("/api/products/" + id).then().header("X-Cache", "L1");
        String clears = "cache_near_clears_total{cache=\"product\",cause=\"disconnect\"}";
        double clearsBefore = Metrics.value(clears);
        long killed = tracking.clientId();
        assertThat(killed).isPositive();

        dataSource.execute("CLIENT", "KILL", "ID", Long.toString(killed));

        await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value(clears) > clearsBefore);
        assertThat(near.size()).as("L1 emptied, not only hidden").isZero();
        // Another instance stores a newer copy while this one may not be tracking yet: no push would reach us.
        redis.set(key, redis.get(key).replace("Test kettle", "Stored while tracking was down"));
        given().when().get("/api/products/" + id)
                .then().statusCode(200).header("X-Cache", "HIT").body("name", equalTo("Stored while tracking was down"));

        await().atMost(Duration.ofSeconds(5)).until(() -> near.inUse() && tracking.clientId() > killed);
        given().when().get("/api/products/" + id).then().body("name", equalTo("Stored while tracking was down"));
        given().when().get("/api/products/" + id)
                .then().header("X-Cache", "L1").body("name", equalTo("Stored while tracking was down"));
    }

    /** A second instance's L1 client: its own near cache and its own tracking connection to the same Redis. */
    private NearCache startOtherInstance() {
        otherClient = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString("redis://127.0.0.1:" + PrivateRedis.cache().port())
                .setPreferredProtocolVersion(ProtocolVersion.RESP3));
        otherNear = new NearCache(catalog, cache, metrics);
        otherTracking = new NearCacheTracking(otherClient, otherNear, keys, guard, metrics, catalog);
        otherTracking.start();
        await().atMost(Duration.ofSeconds(10)).until(otherNear::inUse);
        return otherNear;
    }

    /**
     * Reads as the other instance until its L1 holds the product: a fill is refused while the push of an earlier store
     * of the key (the MISS that filled Redis) is still on its way, as it must be.
     */
    private void readUntilHeld(NearCache other, long id) {
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            readThroughL1(other, id);
            assertThat(other.get(id)).isNotNull();
        });
    }

    /** What the other instance's read path does on an L1 miss that Redis answers: ticket, GET, fill. */
    private void readThroughL1(NearCache other, long id) {
        NearCache.Ticket ticket = other.ticket(id);
        String json = redis.body(keys.product(id));
        if (json != null) {
            other.fill(ticket, hit(json));
        }
    }

    /** What a Redis hit hands the near cache: the JSON and its entity tag. */
    private static Cached<String> hit(String json) {
        return new Cached<>(json, CacheOutcome.HIT, EntityTags.of(json));
    }

    private static void update(long id, String name) {
        Accounts.asAdmin().contentType(ContentType.JSON)
                .body(Products.body(Products.uniqueSku(), name, "21.00", "Kitchen"))
                .when().put("/api/products/" + id).then().statusCode(200);
    }

    /** INFO commandstats as command -> calls, leaving out INFO itself and the tracking connection's PING. */
    private Map<String, Long> commandCalls() {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : dataSource.execute("INFO", "commandstats").toString().split("\r?\n")) {
            if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:") && !line.startsWith("cmdstat_ping:")) {
                String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
                calls.put(command, Long.parseLong(count));
            }
        }
        return calls;
    }
}
