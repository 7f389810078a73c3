package org.acme.shop.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.redis.client.Command;
import org.acme.shop.bestsellers.BestSellerKeys;
import org.acme.shop.brand.BrandKeys;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.featured.FeaturedKeys;
import org.acme.shop.http.Roles;
import org.acme.shop.inventory.InventoryKeys;
import org.acme.shop.inventory.flashsale.FlashSaleKeys;
import org.acme.shop.inventory.flashsale.writer.FlashSaleWriter;
import org.acme.shop.ratelimit.RateLimitKeys;
import org.acme.shop.redis.KeySpace;
import org.acme.shop.redis.monitoring.RedisInfoMetrics;
import org.acme.shop.session.SessionKeys;
import org.acme.shop.stores.StoreKeys;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Management;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.OnASecuredRedis;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.Products;
import org.acme.shop.views.ViewFlusher;
import org.acme.shop.views.ViewKeys;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The app runs as the least-privilege users of {@code k8s/redis/users.acl}, on a Redis started by
 * {@code k8s/redis/start-redis.sh}: the very files compose and Kubernetes run, here with both roles' users on one
 * server, as in dev, which speaks TLS only as a deployment's may ({@link OnASecuredRedis}). The cache client (and the
 * near cache's tracking connection) logs in as {@code cache}, the {@code sessions} client as {@code state}, each with
 * its own password. Every feature works with only the commands and keys that file grants (no command of the walk below
 * is refused: not one Redis error is counted, the caches hit, the rate limits are checked), and what it does not grant
 * is refused: commands outside a role's set, the other role's keys (the cache's password can neither read nor write a
 * session, the state's neither a product), keys outside {@code shop:*}, and the {@code default} user.
 * <p>
 * The operators' user {@code ops} inspects every key with the real {@code redis-cli} (the pattern pages' demos, and
 * {@code --scan}, {@code --bigkeys}, {@code --memkeys}) and is refused every write and administration command.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(OnASecuredRedis.class)
class RedisAclTest {

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

    @Inject
    KeySpace keySpace;

    @Inject
    SessionKeys sessionKeys;

    @Inject
    RateLimitKeys rateLimitKeys;

    @Inject
    ViewKeys viewKeys;

    @Inject
    FlashSaleKeys flashSaleKeys;

    @Inject
    CatalogKeys catalogKeys;

    @Inject
    BrandKeys brandKeys;

    @Inject
    FeaturedKeys featuredKeys;

    @Inject
    InventoryKeys inventoryKeys;

    @Inject
    BestSellerKeys bestSellerKeys;

    @Inject
    StoreKeys storeKeys;

    @BeforeEach
    void bothRolesAnswer() {
        // A cold JVM's first TLS handshakes may outlast the 500 ms a command waits: not an error of the ACL's.
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> Management.given().when().get("/q/health/well").statusCode() == 200);
    }

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
        assertThat(Metrics.value(
                "rate_limit_checks_total{limit=\"login-failures-per-email-and-address\",result=\"allowed\"}"))
                .as("rate limits were checked (and a good login's attempt given back), not let through unchecked")
                .isPositive();
        assertThat(Metrics.value("rate_limit_checks_total{limit=\"login-per-address\",result=\"unchecked\"}"))
                .isZero();
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
            // The operators' inspection commands are theirs, not the app's.
            assertThatThrownBy(() -> client.execute(Command.TYPE, "shop:x")).hasStackTraceContaining("NOPERM");
            assertThatThrownBy(() -> client.execute(Command.TTL, "shop:x")).hasStackTraceContaining("NOPERM");
            assertThatThrownBy(() -> client.execute(Command.MEMORY, "USAGE", "shop:x")).hasStackTraceContaining("NOPERM");
            assertThatThrownBy(() -> client.execute(Command.DBSIZE)).hasStackTraceContaining("NOPERM");
        }
        // Each role's user is refused the commands only the other role sends, even on its own keys.
        String cacheKey = catalogKeys.product(0);
        for (List<String> stateOnly : List.of(List.of("XADD", cacheKey, "*", "f", "v"), List.of("PFADD", cacheKey, "a"),
                List.of("HDEL", cacheKey, "f"), List.of("ZREM", cacheKey, "m"), List.of("DECR", cacheKey))) {
            assertThat(asCache(stateOnly.toArray(String[]::new)).refused()).as("%s as cache", stateOnly).isTrue();
        }
        String stateKey = viewKeys.viewsPending(0, 0);
        for (List<String> cacheOnly : List.of(List.of("SET", stateKey, "1"), List.of("MGET", stateKey),
                List.of("GEOADD", stateKey, "13.4", "52.5", "m"), List.of("ZINCRBY", stateKey, "1", "m"),
                List.of("ZUNION", "1", stateKey), List.of("CLIENT", "TRACKING", "ON", "BCAST"))) {
            assertThat(asState(cacheOnly.toArray(String[]::new)).refused()).as("%s as state", cacheOnly).isTrue();
        }
    }

    /**
     * Whoever holds the cache's password cannot read or write a session (the role a session names is trusted: writing
     * one would make anyone an admin), a user's index of sessions, a rate limit, a view or a flash sale. Refused
     * through the app's own cache client, and through redis-cli with the cache's password, as an intruder would try.
     */
    @Test
    void theCacheUserIsRefusedEveryKeyOfTheStateRole() {
        String token = Accounts.newSession();
        String session = sessionKeys.session(KeySpace.sha256(token));
        assertThat(sessions.hash(String.class).hget(session, "role")).as("the session, as state")
                .isEqualTo(Roles.CUSTOMER);

        assertThatThrownBy(() -> cache.hash(String.class).hgetall(session)).hasStackTraceContaining("NOPERM");
        assertThatThrownBy(() -> cache.hash(String.class).hset(session, "role", Roles.ADMIN))
                .hasStackTraceContaining("NOPERM");
        assertThat(asCache("HGETALL", session).refused()).isTrue();
        assertThat(asCache("HSET", session, "role", Roles.ADMIN).refused()).isTrue();
        for (String key : stateKeys(session)) {
            // Commands the cache user has, refused for the key alone: reads, a write, an expiry, a removal.
            assertThat(asCache("EXISTS", key).refused()).as("EXISTS %s", key).isTrue();
            assertThat(asCache("GET", key).refused()).as("GET %s", key).isTrue();
            assertThat(asCache("SET", key, "x").refused()).as("SET %s", key).isTrue();
            assertThat(asCache("PEXPIRE", key, "1").refused()).as("PEXPIRE %s", key).isTrue();
            assertThat(asCache("UNLINK", key).refused()).as("UNLINK %s", key).isTrue();
        }

        // The session is untouched: still a customer's, still signed in, refused what only an admin may do.
        assertThat(sessions.hash(String.class).hget(session, "role")).isEqualTo(Roles.CUSTOMER);
        Accounts.as(token).when().get("/api/users/me").then().statusCode(200);
        Accounts.as(token).contentType(ContentType.JSON).body(Products.newBody())
                .when().post("/api/products").then().statusCode(403);
    }

    /**
     * Whoever holds the state's password cannot read or write a cached product, a listing, a brand, the featured
     * products, a stock copy, a best-seller day or the store locator: what the cache serves to everyone.
     */
    @Test
    void theStateUserIsRefusedEveryKeyOfTheCacheRole() {
        String sku = Products.uniqueSku();
        long id = Products.create(Products.body(sku, "ACL teapot", "15.00", "Kitchen"));
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        String product = catalogKeys.product(id);
        assertThat(cache.value(String.class).get(product)).as("the product, as cache").contains("ACL teapot");

        assertThatThrownBy(() -> sessions.value(String.class).get(product)).hasStackTraceContaining("NOPERM");
        assertThatThrownBy(() -> sessions.key().unlink(product)).hasStackTraceContaining("NOPERM");
        assertThat(asState("GET", product).refused()).isTrue();
        assertThat(asState("HSET", inventoryKeys.stock(sku), "available", "1000").refused()).isTrue();
        for (String key : cacheKeys(id, sku)) {
            // Commands the state user has, refused for the key alone: reads, a write, an expiry, a removal.
            assertThat(asState("EXISTS", key).refused()).as("EXISTS %s", key).isTrue();
            assertThat(asState("GET", key).refused()).as("GET %s", key).isTrue();
            assertThat(asState("INCR", key).refused()).as("INCR %s", key).isTrue();
            assertThat(asState("PEXPIRE", key, "1").refused()).as("PEXPIRE %s", key).isTrue();
            assertThat(asState("UNLINK", key).refused()).as("UNLINK %s", key).isTrue();
        }

        // The product is still cached, as it was.
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT")
                .body("name", org.hamcrest.Matchers.equalTo("ACL teapot"));
    }

    /** One key of every key class of the state role (KeySpace's health key aside, which both may read). */
    private List<String> stateKeys(String session) {
        return List.of(session, sessionKeys.userSessions(1), rateLimitKeys.rateLimit("login-per-address", "127.0.0.1"),
                viewKeys.viewStream(0), viewKeys.viewsPending(0, 1), viewKeys.viewVisitors(0, 1, LocalDate.now()),
                flashSaleKeys.flashSaleGate("ACL-1"), flashSaleKeys.flashSaleUsers("ACL-1"),
                flashSaleKeys.flashSaleIdempotency("ACL-1"), flashSaleKeys.flashSaleStream("ACL-1"));
    }

    /** One key of every key class of the cache role. */
    private List<String> cacheKeys(long id, String sku) {
        return List.of(catalogKeys.product(id), catalogKeys.catalogVersion(), catalogKeys.productPage(0, null, 0, 20),
                catalogKeys.categories(0), catalogKeys.productLock(id), brandKeys.brands(), brandKeys.brand("acl"),
                featuredKeys.featured(), featuredKeys.featuredRefreshLock(), inventoryKeys.stock(sku),
                bestSellerKeys.bestSellersDay(LocalDate.now()), bestSellerKeys.bestSellersRebuildLock(),
                storeKeys.storeLocations(), storeKeys.storeLocationsLock());
    }

    @Test
    void bothUsersMayReadTheHealthKeyAndNeitherWriteIt() {
        String health = keySpace.health();
        assertThat(asCache("GET", health).ok()).isEmpty();
        assertThat(asState("GET", health).ok()).isEmpty();
        assertThat(asCache("SET", health, "x").refused()).isTrue();
        assertThat(asState("INCR", health).refused()).isTrue();
    }

    @Test
    void keysOutsideThePrefixAreRefused() {
        assertThatThrownBy(() -> cache.value(String.class).get("other:catalog:product:1"))
                .hasStackTraceContaining("NOPERM");
        assertThatThrownBy(() -> cache.value(String.class).set("not-shop", "x")).hasStackTraceContaining("NOPERM");
        assertThatThrownBy(() -> sessions.hash(String.class).hgetall("other:session:1"))
                .hasStackTraceContaining("NOPERM");
        String allowed = catalogKeys.product(-1);        // the same command inside the cache's keys
        cache.value(String.class).set(allowed, "x", new SetArgs().ex(60));
        assertThat(cache.value(String.class).get(allowed)).isEqualTo("x");
        cache.key().unlink(allowed);
    }

    @Test
    void theDefaultUserCannotLogIn() throws Exception {
        Process ping = new ProcessBuilder(redisCliCommand("PING")).redirectErrorStream(true).start();
        String answer = new String(ping.getInputStream().readAllBytes()).trim();
        assertThat(ping.waitFor()).isZero();
        assertThat(answer).as("without AUTH, the default user").startsWith("NOAUTH");
        Process wrong = new ProcessBuilder(
                redisCliCommand("--user", "default", "--pass", "", "--no-auth-warning", "PING"))
                .redirectErrorStream(true).start();
        assertThat(new String(wrong.getInputStream().readAllBytes())).doesNotContain("PONG");
    }

    /**
     * The readiness probe of both StatefulSets, run as the kubelet runs it (only pointed at this server's port), with
     * the passwords of its container's environment only: its role's user signs it in, a wrong password fails it, and
     * the password is never an argument.
     */
    @Test
    void theRedisProbeSignsInWithThePasswordInItsEnvironment() throws Exception {
        Map<String, String> passwords = Map.of("REDIS_CACHE_PASSWORD", PrivateRedis.ACL_CACHE_PASSWORD,
                "REDIS_STATE_PASSWORD", PrivateRedis.ACL_STATE_PASSWORD,
                "REDIS_OPS_PASSWORD", PrivateRedis.ACL_OPS_PASSWORD);
        for (String name : List.of("catalog-redis-cache", "catalog-redis-state")) {
            Container redis = DeploymentFiles.kubernetesObjects().stream()
                    .filter(o -> o instanceof StatefulSet && name.equals(o.getMetadata().getName()))
                    .map(o -> ((StatefulSet) o).getSpec().getTemplate().getSpec().getContainers().get(0))
                    .findFirst().orElseThrow();
            List<String> probe = redis.getReadinessProbe().getExec().getCommand();
            assertThat(probe).as(name).hasSize(3).startsWith("sh", "-c");
            String here = probe.get(2).replace("redis-cli ", String.join(" ", redisCliCommand()) + " ");
            Map<String, String> environment = new HashMap<>();      // as the Secret sets it in the container
            redis.getEnv().forEach(env -> environment.put(env.getName(), passwords.getOrDefault(env.getName(), "")));
            assertThat(runProbe(here, environment)).as("%s, its passwords", name).isZero();
            environment.replaceAll((variable, password) -> "not-the-password");
            assertThat(runProbe(here, environment)).as("%s, a wrong one", name).isNotZero();
        }
    }

    private static int runProbe(String command, Map<String, String> environment) throws Exception {
        ProcessBuilder probe = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        probe.environment().putAll(environment);
        Process process = probe.start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    // --- ops, the operators' read-only user ----------------------------------------------------------------------

    @Test
    void theOperatorReadsEveryKindOfKeyWithRedisCli() {
        OpsKeys k = arrangeOneKeyOfEachKind();
        List<String> keys = k.all();
        try {
            assertThat(asOps("PING").ok()).isEqualTo("PONG");
            assertThat(asOps("SELECT", "0").ok()).as("redis-cli -n").isEqualTo("OK");
            assertThat(asOps("--scan", "--pattern", k.pattern()).ok().lines())
                    .containsExactlyInAnyOrderElementsOf(keys);
            assertThat(asOps("SCAN", "0", "MATCH", k.pattern(), "COUNT", "10").ok()).isNotEmpty();
            List<String> exists = new ArrayList<>(List.of("EXISTS"));
            exists.addAll(keys);
            assertThat(asOps(exists.toArray(String[]::new)).ok()).isEqualTo("6");
            assertThat(asOps("TYPE", k.of("hash")).ok()).isEqualTo("hash");
            assertThat(Long.parseLong(asOps("TTL", k.of("string")).ok())).isBetween(1L, 300L);
            assertThat(Long.parseLong(asOps("PTTL", k.of("string")).ok())).isBetween(1L, 300_000L);
            assertThat(asOps("GET", k.of("string")).ok()).isEqualTo("{\"name\":\"ops kettle\"}");
            assertThat(asOps("MGET", k.of("string"), k.of("missing")).ok()).startsWith("{\"name\"");
            assertThat(asOps("STRLEN", k.of("string")).ok()).isEqualTo("21");
            assertThat(asOps("HGETALL", k.of("hash")).ok()).isEqualTo("available\n5");
            assertThat(asOps("HGET", k.of("hash"), "available").ok()).isEqualTo("5");
            assertThat(asOps("HLEN", k.of("hash")).ok()).isEqualTo("1");
            assertThat(asOps("ZRANGE", k.of("zset"), "0", "-1", "WITHSCORES").ok()).isEqualTo("42\n3");
            assertThat(asOps("ZCARD", k.of("zset")).ok()).isEqualTo("1");
            assertThat(asOps("PFCOUNT", k.of("hll")).ok()).isEqualTo("2");
            assertThat(asOps("XLEN", k.of("stream")).ok()).isEqualTo("1");
            assertThat(asOps("XRANGE", k.of("stream"), "-", "+").ok()).contains("product", "7");
            assertThat(asOps("XINFO", "STREAM", k.of("stream")).ok()).contains("length");
            assertThat(asOps("GEOSEARCH", k.of("geo"), "FROMLONLAT", "13.4", "52.5", "BYRADIUS", "10", "km").ok())
                    .isEqualTo("berlin");
            assertThat(Long.parseLong(asOps("MEMORY", "USAGE", k.of("hash")).ok())).isPositive();
            assertThat(asOps("OBJECT", "ENCODING", k.of("hash")).ok()).isIn("listpack", "ziplist");   // 7.0, 6.2
            assertThat(asOps("INFO", "memory").ok()).contains("used_memory:");
            assertThat(Long.parseLong(asOps("DBSIZE").ok())).isGreaterThanOrEqualTo(6);
            // Sent by redis-cli --bigkeys and --memkeys since Redis 7.4: allowed (a server outside a cluster says so).
            assertThat(asOps("READONLY").output()).doesNotContain("NOPERM");
        } finally {
            remove(k);
        }
    }

    @Test
    void redisCliBigkeysAndMemkeysRunAsTheOperator() {
        OpsKeys k = arrangeOneKeyOfEachKind();
        List<String> keys = k.all();
        try {
            for (String mode : List.of("--bigkeys", "--memkeys")) {
                Answer answer = asOps(mode);
                assertThat(answer.exit()).as("%s: %s", mode, answer.output()).isZero();
                assertThat(answer.output()).as(mode).contains("Sampled", "Biggest", "string", "hash", "zset", "stream")
                        .doesNotContain("NOPERM", "ERR").doesNotContainIgnoringCase("error")
                        .as("a size command refused is only a warning, with exit code 0").doesNotContain("failed");
            }
        } finally {
            remove(k);
        }
    }

    @Test
    void theOperatorIsRefusedEveryWriteAndAdministrationCommand() {
        OpsKeys k = arrangeOneKeyOfEachKind();
        List<String> keys = k.all();
        try {
            List<List<String>> refused = List.of(
                    List.of("SET", k.of("string"), "changed"), List.of("DEL", k.of("string")),
                    List.of("UNLINK", k.of("hash")),
                    List.of("EXPIRE", k.of("string"), "1"), List.of("PERSIST", k.of("string")),
                    List.of("HSET", k.of("hash"), "available", "0"), List.of("ZADD", k.of("zset"), "1", "x"),
                    List.of("PFADD", k.of("hll"), "c"), List.of("XADD", k.of("stream"), "*", "f", "v"),
                    List.of("GETDEL", k.of("string")), List.of("RENAME", k.of("string"), k.of("renamed")),
                    List.of("FLUSHALL"), List.of("FLUSHDB"), List.of("KEYS", "*"),
                    List.of("CONFIG", "GET", "maxmemory"), List.of("CONFIG", "SET", "maxmemory", "1mb"),
                    List.of("ACL", "LIST"), List.of("ACL", "SETUSER", "ops", "+@all"),
                    List.of("EVAL", "return 1", "0"), List.of("EVAL_RO", "return 1", "0"),
                    List.of("SCRIPT", "FLUSH"), List.of("FUNCTION", "LIST"), List.of("MONITOR"),
                    List.of("CLIENT", "KILL", "ID", "1"), List.of("CLIENT", "LIST"), List.of("PUBLISH", "shop:test", "x"),
                    List.of("BGSAVE"), List.of("REPLICAOF", "NO", "ONE"));
            // DEBUG is not in the list: Redis refuses it to everyone (enable-debug-command no) before the ACL is asked.
            for (List<String> command : refused) {
                Answer answer = asOps(command.toArray(String[]::new));
                assertThat(answer.exit()).as("exit code of %s: %s", command, answer.output()).isEqualTo(1);
                // EVAL_RO and FUNCTION came with Redis 7.0: a 6.2 server does not know them.
                boolean since70 = List.of("EVAL_RO", "FUNCTION").contains(command.get(0));
                assertThat(answer.output()).as("%s", command)
                        .matches(since70 ? "(NOPERM|ERR unknown command) .*" : "NOPERM .*");
            }
            // Nothing changed: every key is there, with its value and its expiry.
            assertThat(cache.execute(Command.EXISTS, k.cache().toArray(String[]::new)).toLong()).isEqualTo(4);
            assertThat(sessions.execute(Command.EXISTS, k.state().toArray(String[]::new)).toLong()).isEqualTo(2);
            assertThat(cache.value(String.class).get(k.of("string"))).isEqualTo("{\"name\":\"ops kettle\"}");
            assertThat(cache.execute(Command.PTTL, k.of("string")).toLong()).isPositive();
            assertThat(cache.execute(Command.HGET, k.of("hash"), "available").toString()).isEqualTo("5");
        } finally {
            remove(k);
        }
    }

    @Test
    void eachUserLogsInWithItsOwnPasswordOnly() {
        Map<String, String> passwords = Map.of("cache", PrivateRedis.ACL_CACHE_PASSWORD,
                "state", PrivateRedis.ACL_STATE_PASSWORD, "ops", PrivateRedis.ACL_OPS_PASSWORD);
        passwords.forEach((user, own) -> passwords.forEach((other, password) -> {
            Answer ping = redisCli(user, password, "PING");
            if (user.equals(other)) {
                assertThat(ping.ok()).as("%s with its own password", user).isEqualTo("PONG");
            } else {
                assertThat(ping.output()).as("%s with the password of %s", user, other).doesNotContain("PONG")
                        .contains("WRONGPASS");
            }
        }));
        assertThat(redisCli("app", PrivateRedis.ACL_CACHE_PASSWORD, "PING").output()).as("the one user of old")
                .contains("WRONGPASS");
    }

    /**
     * One key of each type the app writes, with an expiry, each among the keys of the role that writes that type and
     * written as that role's user (ops writes nothing): a string, a hash, a sorted set and a geo key as cache, a
     * HyperLogLog and a stream as state.
     */
    private OpsKeys arrangeOneKeyOfEachKind() {
        OpsKeys k = new OpsKeys("test-ops-" + UUID.randomUUID());
        cache.execute(Command.SET, k.of("string"), "{\"name\":\"ops kettle\"}", "EX", "300");
        cache.execute(Command.HSET, k.of("hash"), "available", "5");
        cache.execute(Command.ZADD, k.of("zset"), "3", "42");
        cache.execute(Command.GEOADD, k.of("geo"), "13.405", "52.52", "berlin");
        sessions.execute(Command.PFADD, k.of("hll"), "a", "b");
        sessions.execute(Command.XADD, k.of("stream"), "*", "product", "7");
        k.cache().forEach(key -> cache.execute(Command.PEXPIRE, key, "300000"));
        k.state().forEach(key -> sessions.execute(Command.PEXPIRE, key, "300000"));
        return k;
    }

    private void remove(OpsKeys k) {
        cache.execute(Command.UNLINK, k.cache().toArray(String[]::new));
        sessions.execute(Command.UNLINK, k.state().toArray(String[]::new));
    }

    /** The operators' test keys: {@code shop:catalog:<tag>:<kind>}, {@code shop:views:<tag>:<kind>} for the state's. */
    record OpsKeys(String tag) {
        private static final List<String> STATE_KINDS = List.of("hll", "stream");

        String of(String kind) {
            return "shop:" + (STATE_KINDS.contains(kind) ? "views" : "catalog") + ":" + tag + ":" + kind;
        }

        /** Matches every key of this arrangement, in both roles' areas. */
        String pattern() {
            return "shop:*:" + tag + ":*";
        }

        List<String> cache() {
            return Stream.of("string", "hash", "zset", "geo").map(this::of).toList();
        }

        List<String> state() {
            return STATE_KINDS.stream().map(this::of).toList();
        }

        List<String> all() {
            return Stream.concat(cache().stream(), state().stream()).toList();
        }
    }

    /** What redis-cli printed (standard output and error, trimmed) and its exit code. */
    record Answer(int exit, String output) {
        /** The output of a command that succeeded: exit code 0 and no error reply. */
        String ok() {
            assertThat(exit).as("exit code; output: %s", output).isZero();
            assertThat(output).as("an error reply").doesNotContainPattern("(?m)^(ERR|NOPERM|WRONGTYPE|NOAUTH|WRONGPASS)\\b");
            return output;
        }

        /** Whether Redis refused the command for the user's permissions: {@code NOPERM}, exit code 1. */
        boolean refused() {
            assertThat(output).as("exit code %d", exit).startsWith("NOPERM");
            return exit == 1;
        }
    }

    /** redis-cli as cache, with the cache role's password, as anyone who holds it could. */
    private static Answer asCache(String... arguments) {
        return redisCli("cache", PrivateRedis.ACL_CACHE_PASSWORD, arguments);
    }

    /** redis-cli as state, with the state role's password. */
    private static Answer asState(String... arguments) {
        return redisCli("state", PrivateRedis.ACL_STATE_PASSWORD, arguments);
    }

    /** redis-cli as ops, as the pattern pages' demos run it, with -e: an error reply exits with 1. */
    private static Answer asOps(String... arguments) {
        return redisCli("ops", PrivateRedis.ACL_OPS_PASSWORD, arguments);
    }

    /** The real redis-cli pointed at the server, over TLS, with these arguments. */
    private static List<String> redisCliCommand(String... arguments) {
        List<String> command = new ArrayList<>(List.of("redis-cli"));
        command.addAll(PrivateRedis.cache().redisCliArguments());
        command.addAll(List.of(arguments));
        return command;
    }

    private static Answer redisCli(String user, String password, String... arguments) {
        List<String> command = redisCliCommand("--user", user, "--pass", password, "--no-auth-warning", "-e");
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("redis-cli", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                        .start();
                // MONITOR, were it allowed, would never end: a bound instead of a hang.
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Answer(-1, "still running after 20 s: " + Files.readString(output));
                }
                return new Answer(process.exitValue(), Files.readString(output).strip());
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("redis-cli must be on the PATH (.ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
