package org.acme.shop.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.redis.client.Command;
import org.acme.shop.common.RedisInfoMetrics;
import org.acme.shop.inventory.FlashSaleWriter;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.Products;
import org.acme.shop.views.ViewFlusher;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The app runs as the least-privilege user of {@code k8s/redis/users.acl}, on a Redis started by
 * {@code k8s/redis/start-redis.sh}: the very files compose and Kubernetes run. Every feature works with only the
 * commands and keys that file grants (no command of the walk below is refused: not one Redis error is counted, the
 * caches hit, the rate limits are checked), and what it does not grant is refused: commands outside the set, keys
 * outside {@code shop:*}, and the {@code default} user.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(RedisAclTest.AsTheAclUser.class)
class RedisAclTest {

    public static class AsTheAclUser implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivateRedis.class, Map.of(PrivateRedis.ACL, "yes")));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // The near cache's tracking connection authenticates as the same user (HELLO, CLIENT ID, CLIENT TRACKING).
            return Map.of("catalog.cache.near.enabled", "true", "views.enabled", "true");
        }
    }

    @Inject
    RedisDataSource cache;

    @Inject
    @RedisClientName("sessions")
    RedisDataSource sessions;

    @Inject
    RedisInfoMetrics info;

    @Inject
    ViewFlusher viewFlusher;

    @Inject
    FlashSaleWriter flashSaleWriter;

    @Test
    void everyFeatureWorksWithTheCommandsTheAclGrants() {
        double errors = Metrics.sum("cache_redis_errors_total");

        // Sessions (MULTI, HSET, ZADD, Lua), rate limits (Lua), products: create, read, list, update, invalidate.
        String admin = Accounts.login(Accounts.adminEmail(), Accounts.adminPassword());
        String sku = Products.uniqueSku();
        long id = Products.create(Products.body(sku, "ACL kettle", "19.99", "Kitchen"));
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");
        given().when().get("/api/products?size=20").then().statusCode(200);
        given().when().get("/api/products?size=20").then().statusCode(200).header("X-Cache", "HIT");
        given().when().get("/api/categories").then().statusCode(200);
        Accounts.as(admin).contentType(ContentType.JSON).body(Products.body(sku, "ACL kettle 2", "21.00", "Kitchen"))
                .when().put("/api/products/" + id).then().statusCode(200);
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");

        // Stock write-through, a reservation and its confirmation.
        Accounts.as(admin).contentType(ContentType.JSON).body(Map.of("available", 5))
                .when().put("/api/inventory/" + sku).then().statusCode(200);
        given().when().get("/api/inventory/" + sku).then().statusCode(200).header("X-Cache", "HIT");
        String customer = Accounts.newSession();
        String reservation = Accounts.as(customer).contentType(ContentType.JSON).body(Map.of("quantity", 2))
                .when().post("/api/inventory/" + sku + "/reservations").then().statusCode(201)
                .extract().jsonPath().getString("id");
        Accounts.as(customer).when().post("/api/inventory/reservations/" + reservation + "/confirm")
                .then().statusCode(200);

        // The cart in the session, the profile, sign-out.
        Accounts.as(customer).contentType(ContentType.JSON).body(Map.of("quantity", 3))
                .when().put("/api/cart/items/" + id).then().statusCode(200);
        Accounts.as(customer).when().get("/api/cart").then().statusCode(200);
        Accounts.as(customer).when().delete("/api/cart/items/" + id).then().statusCode(204);
        Accounts.as(customer).when().get("/api/users/me").then().statusCode(200);
        Accounts.as(customer).when().delete("/api/sessions/current").then().statusCode(204);
        Accounts.as(customer).when().get("/api/users/me").then().statusCode(401);

        // INFO, for the gauges.
        info.poll();
        assertThat(Metrics.value("redis_up{role=\"cache\"}")).isEqualTo(1.0);
        assertThat(Metrics.value("redis_up{role=\"state\"}")).isEqualTo(1.0);

        assertThat(Metrics.sum("cache_redis_errors_total") - errors).as("commands refused or failed").isZero();
        assertThat(Metrics.value("rate_limit_checks_total{limit=\"login-per-email\",result=\"allowed\"}"))
                .as("rate limits were checked, not let through unchecked").isPositive();
        assertThat(Metrics.value("rate_limit_checks_total{limit=\"login-per-email\",result=\"unchecked\"}")).isZero();
    }

    @Test
    void thePatternsBeyondCacheAsideWorkWithTheCommandsTheAclGrants() {
        double errors = Metrics.sum("cache_redis_errors_total");
        String sku = Products.uniqueSku();
        long id = Products.create(Products.body(sku, "ACL grinder", "49.00", "Kitchen"));

        // Near cache: the tracking connection is up (HELLO 3, CLIENT ID, CLIENT TRACKING), so a hit is served from L1.
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Metrics.value("cache_near_tracking{cache=\"product\"}") == 1.0);
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "L1");

        // Read-through brands and categories, refresh-ahead featured products (GET, and the admin's PUT).
        given().when().get("/api/brands").then().statusCode(200);
        given().when().get("/api/brands").then().statusCode(200).header("X-Cache", "HIT");
        given().when().get("/api/products/featured").then().statusCode(200);
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("productIds", List.of(id)))
                .when().put("/api/products/featured").then().statusCode(204);
        given().when().get("/api/products/featured").then().statusCode(200);

        // Bulk read (MGET, pipelined guarded stores), best sellers (ZINCRBY in MULTI, ZUNION, the rebuild), stores (GEO).
        given().when().get("/api/products?ids=" + id + ",1,2").then().statusCode(200);
        given().when().get("/api/products?ids=" + id + ",1,2").then().statusCode(200).header("X-Cache", "HIT");
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("available", 10))
                .when().put("/api/inventory/" + sku).then().statusCode(200);
        String reservation = Accounts.asCustomer().contentType(ContentType.JSON).body(Map.of("quantity", 1))
                .when().post("/api/inventory/" + sku + "/reservations").then().statusCode(201)
                .extract().jsonPath().getString("id");
        Accounts.asCustomer().when().post("/api/inventory/reservations/" + reservation + "/confirm")
                .then().statusCode(200);
        given().when().get("/api/products/best-sellers?days=1&limit=5").then().statusCode(200)
                .header("X-Cache", "HIT");
        Accounts.asAdmin().when().post("/api/products/best-sellers/rebuild").then().statusCode(200);
        given().when().get("/api/stores/near?lat=52.52&lon=13.405&km=50").then().statusCode(200);
        given().when().get("/api/stores/near?lat=52.52&lon=13.405&km=50").then().statusCode(200)
                .header("X-Cache", "HIT");

        // Write-behind views and unique viewers (the RECORD script, XREADGROUP, XAUTOCLAIM, the ACKNOWLEDGE script).
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given().when()
                .get("/api/products/" + id + "/stats?days=1").then().statusCode(200)
                .extract().jsonPath().getLong("total") >= 3);
        viewFlusher.flushPending();
        given().when().get("/api/products/" + id + "/stats?days=1").then().statusCode(200)
                .body("flushed", org.hamcrest.Matchers.greaterThanOrEqualTo(3));

        // Flash sale: the gate (INSTALL, RESERVE scripts), the writer's stream read, the end.
        Accounts.asAdmin().contentType(ContentType.JSON)
                .body(Map.of("quantity", 3, "perUserLimit", 2, "endsAt", OffsetDateTime.now().plusHours(1).toString()))
                .when().put("/api/inventory/" + sku + "/flash-sale").then().statusCode(200);
        Accounts.asCustomer().contentType(ContentType.JSON).body(Map.of("quantity", 1))
                .when().post("/api/inventory/" + sku + "/reservations").then().statusCode(202);
        flashSaleWriter.pass();
        Accounts.asAdmin().when().delete("/api/inventory/" + sku + "/flash-sale").then().statusCode(200);

        assertThat(Metrics.sum("cache_redis_errors_total") - errors).as("commands refused or failed").isZero();
    }

    @Test
    void commandsOutsideTheSetAreRefused() {
        for (RedisDataSource client : List.of(cache, sessions)) {
            assertThatThrownBy(() -> client.execute(Command.FLUSHALL)).hasStackTraceContaining("NOPERM");
            assertThatThrownBy(() -> client.execute(Command.KEYS, "shop:*")).hasStackTraceContaining("NOPERM");
            assertThatThrownBy(() -> client.execute(Command.CONFIG, "GET", "maxmemory")).hasStackTraceContaining("NOPERM");
            assertThatThrownBy(() -> client.execute(Command.SCAN, "0")).hasStackTraceContaining("NOPERM");
            assertThatThrownBy(() -> client.execute(Command.ACL, "LIST")).hasStackTraceContaining("NOPERM");
        }
    }

    @Test
    void keysOutsideThePrefixAreRefused() {
        assertThatThrownBy(() -> cache.value(String.class).get("other:catalog:product:1"))
                .hasStackTraceContaining("NOPERM");
        assertThatThrownBy(() -> cache.value(String.class).set("not-shop", "x")).hasStackTraceContaining("NOPERM");
        cache.value(String.class).set("shop:test:acl:allowed", "x", new SetArgs().ex(60));        // the same command inside the prefix
        assertThat(cache.value(String.class).get("shop:test:acl:allowed")).isEqualTo("x");
        cache.key().unlink("shop:test:acl:allowed");
    }

    @Test
    void theDefaultUserCannotLogIn() throws Exception {
        Process ping = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(PrivateRedis.port()),
                "PING").redirectErrorStream(true).start();
        String answer = new String(ping.getInputStream().readAllBytes()).trim();
        assertThat(ping.waitFor()).isZero();
        assertThat(answer).as("without AUTH, the default user").startsWith("NOAUTH");
        Process wrong = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(PrivateRedis.port()),
                "--user", "default", "--pass", "", "--no-auth-warning", "PING").redirectErrorStream(true).start();
        assertThat(new String(wrong.getInputStream().readAllBytes())).doesNotContain("PONG");
    }
}
