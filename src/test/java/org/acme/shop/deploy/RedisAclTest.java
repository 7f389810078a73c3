package org.acme.shop.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.redis.client.Command;
import org.acme.shop.inventory.flashsale.FlashSaleWriter;
import org.acme.shop.redis.monitoring.RedisInfoMetrics;
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
 * <p>
 * The operators' user {@code ops} inspects every key with the real {@code redis-cli} (the pattern pages' demos, and
 * {@code --scan}, {@code --bigkeys}, {@code --memkeys}) and is refused every write and administration command.
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

    /**
     * The readiness probe of both StatefulSets, run as the kubelet runs it (only pointed at this server's port): the
     * app's password in REDISCLI_AUTH signs it in, a wrong one fails it, and the password is never an argument.
     */
    @Test
    void theRedisProbeSignsInWithThePasswordInItsEnvironment() throws Exception {
        for (String name : List.of("catalog-redis-cache", "catalog-redis-state")) {
            List<String> probe = DeploymentFiles.kubernetesObjects().stream()
                    .filter(o -> o instanceof StatefulSet && name.equals(o.getMetadata().getName()))
                    .map(o -> ((StatefulSet) o).getSpec().getTemplate().getSpec().getContainers().get(0))
                    .findFirst().orElseThrow().getReadinessProbe().getExec().getCommand();
            assertThat(probe).as(name).hasSize(3).startsWith("sh", "-c");
            String here = probe.get(2).replace("redis-cli ", "redis-cli -p " + PrivateRedis.port() + " ");
            assertThat(runProbe(here, PrivateRedis.ACL_PASSWORD)).as("%s, the app's password", name).isZero();
            assertThat(runProbe(here, "not-the-password")).as("%s, a wrong one", name).isNotZero();
        }
    }

    private static int runProbe(String command, String password) throws Exception {
        ProcessBuilder probe = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        probe.environment().put("REDIS_PASSWORD", password);              // as the Secret sets it in the container
        Process process = probe.start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    // --- ops, the operators' read-only user ----------------------------------------------------------------------

    @Test
    void theOperatorReadsEveryKindOfKeyWithRedisCli() {
        String k = "shop:test:ops:" + UUID.randomUUID() + ":";
        List<String> keys = arrangeOneKeyOfEachKind(k);
        try {
            assertThat(asOps("PING").ok()).isEqualTo("PONG");
            assertThat(asOps("SELECT", "0").ok()).as("redis-cli -n").isEqualTo("OK");
            assertThat(asOps("--scan", "--pattern", k + "*").ok().lines()).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(asOps("SCAN", "0", "MATCH", k + "*", "COUNT", "10").ok()).isNotEmpty();
            List<String> exists = new ArrayList<>(List.of("EXISTS"));
            exists.addAll(keys);
            assertThat(asOps(exists.toArray(String[]::new)).ok()).isEqualTo("6");
            assertThat(asOps("TYPE", k + "hash").ok()).isEqualTo("hash");
            assertThat(Long.parseLong(asOps("TTL", k + "string").ok())).isBetween(1L, 300L);
            assertThat(Long.parseLong(asOps("PTTL", k + "string").ok())).isBetween(1L, 300_000L);
            assertThat(asOps("GET", k + "string").ok()).isEqualTo("{\"name\":\"ops kettle\"}");
            assertThat(asOps("MGET", k + "string", k + "missing").ok()).startsWith("{\"name\"");
            assertThat(asOps("STRLEN", k + "string").ok()).isEqualTo("21");
            assertThat(asOps("HGETALL", k + "hash").ok()).isEqualTo("available\n5");
            assertThat(asOps("HGET", k + "hash", "available").ok()).isEqualTo("5");
            assertThat(asOps("HLEN", k + "hash").ok()).isEqualTo("1");
            assertThat(asOps("ZRANGE", k + "zset", "0", "-1", "WITHSCORES").ok()).isEqualTo("42\n3");
            assertThat(asOps("ZCARD", k + "zset").ok()).isEqualTo("1");
            assertThat(asOps("PFCOUNT", k + "hll").ok()).isEqualTo("2");
            assertThat(asOps("XLEN", k + "stream").ok()).isEqualTo("1");
            assertThat(asOps("XRANGE", k + "stream", "-", "+").ok()).contains("product", "7");
            assertThat(asOps("XINFO", "STREAM", k + "stream").ok()).contains("length");
            assertThat(asOps("GEOSEARCH", k + "geo", "FROMLONLAT", "13.4", "52.5", "BYRADIUS", "10", "km").ok())
                    .isEqualTo("berlin");
            assertThat(Long.parseLong(asOps("MEMORY", "USAGE", k + "hash").ok())).isPositive();
            assertThat(asOps("OBJECT", "ENCODING", k + "hash").ok()).isIn("listpack", "ziplist");   // 7.0, 6.2
            assertThat(asOps("INFO", "memory").ok()).contains("used_memory:");
            assertThat(Long.parseLong(asOps("DBSIZE").ok())).isGreaterThanOrEqualTo(6);
            // Sent by redis-cli --bigkeys and --memkeys since Redis 7.4: allowed (a server outside a cluster says so).
            assertThat(asOps("READONLY").output()).doesNotContain("NOPERM");
        } finally {
            cache.execute(Command.UNLINK, keys.toArray(String[]::new));
        }
    }

    @Test
    void redisCliBigkeysAndMemkeysRunAsTheOperator() {
        String k = "shop:test:ops:" + UUID.randomUUID() + ":";
        List<String> keys = arrangeOneKeyOfEachKind(k);
        try {
            for (String mode : List.of("--bigkeys", "--memkeys")) {
                Answer answer = asOps(mode);
                assertThat(answer.exit()).as("%s: %s", mode, answer.output()).isZero();
                assertThat(answer.output()).as(mode).contains("Sampled", "Biggest", "string", "hash", "zset", "stream")
                        .doesNotContain("NOPERM", "ERR").doesNotContainIgnoringCase("error")
                        .as("a size command refused is only a warning, with exit code 0").doesNotContain("failed");
            }
        } finally {
            cache.execute(Command.UNLINK, keys.toArray(String[]::new));
        }
    }

    @Test
    void theOperatorIsRefusedEveryWriteAndAdministrationCommand() {
        String k = "shop:test:ops:" + UUID.randomUUID() + ":";
        List<String> keys = arrangeOneKeyOfEachKind(k);
        try {
            List<List<String>> refused = List.of(
                    List.of("SET", k + "string", "changed"), List.of("DEL", k + "string"), List.of("UNLINK", k + "hash"),
                    List.of("EXPIRE", k + "string", "1"), List.of("PERSIST", k + "string"),
                    List.of("HSET", k + "hash", "available", "0"), List.of("ZADD", k + "zset", "1", "x"),
                    List.of("PFADD", k + "hll", "c"), List.of("XADD", k + "stream", "*", "f", "v"),
                    List.of("GETDEL", k + "string"), List.of("RENAME", k + "string", k + "renamed"),
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
            assertThat(cache.execute(Command.EXISTS, keys.toArray(String[]::new)).toLong()).isEqualTo(6);
            assertThat(cache.value(String.class).get(k + "string")).isEqualTo("{\"name\":\"ops kettle\"}");
            assertThat(cache.execute(Command.PTTL, k + "string").toLong()).isPositive();
            assertThat(cache.execute(Command.HGET, k + "hash", "available").toString()).isEqualTo("5");
        } finally {
            cache.execute(Command.UNLINK, keys.toArray(String[]::new));
        }
    }

    @Test
    void eachUserLogsInWithItsOwnPasswordOnly() {
        Answer opsWithTheAppsPassword = redisCli("ops", PrivateRedis.ACL_PASSWORD, "PING");
        assertThat(opsWithTheAppsPassword.output()).doesNotContain("PONG").contains("WRONGPASS");
        Answer appWithTheOpsPassword = redisCli("app", PrivateRedis.ACL_OPS_PASSWORD, "PING");
        assertThat(appWithTheOpsPassword.output()).doesNotContain("PONG").contains("WRONGPASS");
        assertThat(redisCli("app", PrivateRedis.ACL_PASSWORD, "PING").ok()).isEqualTo("PONG");
    }

    /** One key of each type the app writes, with an expiry, written as the app user (ops writes nothing). */
    private List<String> arrangeOneKeyOfEachKind(String k) {
        cache.execute(Command.SET, k + "string", "{\"name\":\"ops kettle\"}", "EX", "300");
        cache.execute(Command.HSET, k + "hash", "available", "5");
        cache.execute(Command.ZADD, k + "zset", "3", "42");
        cache.execute(Command.PFADD, k + "hll", "a", "b");
        cache.execute(Command.XADD, k + "stream", "*", "product", "7");
        cache.execute(Command.GEOADD, k + "geo", "13.405", "52.52", "berlin");
        List<String> keys = List.of(k + "string", k + "hash", k + "zset", k + "hll", k + "stream", k + "geo");
        keys.forEach(key -> cache.execute(Command.PEXPIRE, key, "300000"));
        return keys;
    }

    /** What redis-cli printed (standard output and error, trimmed) and its exit code. */
    record Answer(int exit, String output) {
        /** The output of a command that succeeded: exit code 0 and no error reply. */
        String ok() {
            assertThat(exit).as("exit code; output: %s", output).isZero();
            assertThat(output).as("an error reply").doesNotContainPattern("(?m)^(ERR|NOPERM|WRONGTYPE|NOAUTH|WRONGPASS)\\b");
            return output;
        }
    }

    /** redis-cli as ops, as the pattern pages' demos run it, with -e: an error reply exits with 1. */
    private static Answer asOps(String... arguments) {
        return redisCli("ops", PrivateRedis.ACL_OPS_PASSWORD, arguments);
    }

    private static Answer redisCli(String user, String password, String... arguments) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p",
                Integer.toString(PrivateRedis.port()), "--user", user, "--pass", password, "--no-auth-warning", "-e"));
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
