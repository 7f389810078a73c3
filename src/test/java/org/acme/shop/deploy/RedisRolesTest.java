package org.acme.shop.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.redis.monitoring.RedisInfoMetrics;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.OnTwoPrivateRedis;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.Products;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two Redis roles, as compose and Kubernetes run them ({@link OnTwoPrivateRedis}): the cache on a small evicting Redis
 * ({@code maxmemory 3mb}, {@code volatile-lfu} as in compose), the sessions and rate limits on a Redis of their own,
 * which never evicts ({@code noeviction}). Filling the cache far past its memory makes it evict while the app keeps
 * answering, and every session survives. The Redis gauges ({@link RedisInfoMetrics}) report each role's figures and
 * move with what the app does.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(OnTwoPrivateRedis.class)
class RedisRolesTest {

    private static final String FILLER = "shop:test:roles:filler:";

    @Inject
    RedisDataSource cache;

    @Inject
    RedisInfoMetrics info;

    @Test
    void theCacheEvictsWhileTheAppAnswersAndNoSessionIsLost() {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sessions.add(Accounts.newSession());
        }
        long id = Products.create();
        info.poll();
        double evictedBefore = Metrics.value("redis_evicted_keys{role=\"cache\"}");

        // About 8 MB of 2 KB values with a TTL into a 3 MB cache, the app answering reads all the while.
        ValueCommands<String, String> values = cache.value(String.class);
        String value = "x".repeat(2048);
        for (int batch = 0; batch < 40; batch++) {
            for (int i = 0; i < 100; i++) {
                values.set(FILLER + batch + ":" + i, value, new SetArgs().ex(300));
            }
            given().when().get("/api/products/" + id).then().statusCode(200);
        }

        info.poll();
        assertThat(Metrics.value("redis_evicted_keys{role=\"cache\"}")).as("the cache evicted")
                .isGreaterThan(evictedBefore);
        assertThat(Metrics.value("redis_memory_max_bytes{role=\"cache\"}")).isEqualTo(3 * 1024 * 1024);
        assertThat(Metrics.value("redis_memory_used_bytes{role=\"cache\"}")).isPositive()
                .isLessThanOrEqualTo(Metrics.value("redis_memory_max_bytes{role=\"cache\"}") * 1.1);
        assertThat(Metrics.value("redis_evicted_keys{role=\"state\"}")).as("the state role never evicts").isZero();

        // The cache still caches, and every session is still there.
        given().when().get("/api/products/" + id).then().statusCode(200);
        given().when().get("/api/products/" + id).then().statusCode(200)
                .header("X-Cache", anyOf(equalTo("HIT"), equalTo("L1")));   // L1 after a first hit in Redis
        for (String session : sessions) {
            Accounts.as(session).when().get("/api/users/me").then().statusCode(200);
        }
        for (int batch = 0; batch < 40; batch++) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                keys.add(FILLER + batch + ":" + i);
            }
            cache.key().unlink(keys.toArray(String[]::new));
        }
    }

    @Test
    void theGaugesReportEachRoleAndMoveWithTheApp() {
        long id = Products.create();
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        info.poll();
        double hits = Metrics.value("redis_keyspace_hits{role=\"cache\"}");
        double misses = Metrics.value("redis_keyspace_misses{role=\"cache\"}");

        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");
        given().when().get("/api/products/" + (id + 1_000_000)).then().statusCode(404);   // a miss, then a tombstone
        info.poll();

        assertThat(Metrics.value("redis_keyspace_hits{role=\"cache\"}")).isGreaterThan(hits);
        assertThat(Metrics.value("redis_keyspace_misses{role=\"cache\"}")).isGreaterThan(misses);
        for (String role : List.of("cache", "state")) {
            assertThat(Metrics.value("redis_up{role=\"" + role + "\"}")).isEqualTo(1.0);
            assertThat(Metrics.value("redis_connected_clients{role=\"" + role + "\"}")).isGreaterThanOrEqualTo(1);
            assertThat(Metrics.value("redis_memory_used_bytes{role=\"" + role + "\"}")).isPositive();
            assertThat(Metrics.text()).contains("redis_master_repl_offset{role=\"" + role + "\"}");
        }
        assertThat(Metrics.value("redis_memory_max_bytes{role=\"state\"}")).as("the state role's own server")
                .isEqualTo(256 * 1024 * 1024);

        PrivateRedis.cache().stopServer();
        try {
            info.poll();
            assertThat(Metrics.value("redis_up{role=\"cache\"}")).isZero();
            assertThat(Metrics.text()).contains("redis_keyspace_hits{role=\"cache\"} NaN");
        } finally {
            PrivateRedis.cache().startServer();
        }
        info.poll();
        assertThat(Metrics.value("redis_up{role=\"cache\"}")).isEqualTo(1.0);
    }
}
