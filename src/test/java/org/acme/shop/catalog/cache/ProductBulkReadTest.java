package org.acme.shop.catalog.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.catalog.cache.ProductCache;
import org.acme.shop.catalog.cache.ProductCacheTest;
import org.acme.shop.catalog.cache.ProductStore;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisTopology;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bulk read {@code GET /api/products?ids=…}: one MGET, one SQL query for every miss, one pipeline of
 * version-guarded stores; the answer in the order asked, with the ids that name no product under {@code missing}.
 */
@QuarkusTest
@Tag("redis")
class ProductBulkReadTest {

    @Inject
    RedisTopology topology;

    @Inject
    TestRedis redis;

    @Inject
    CatalogKeys keys;

    @Inject
    SqlCounter sql;

    @Inject
    RedisDataSource redisDataSource;

    private static String ids(long... ids) {
        return LongStream.of(ids).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    private static Response bulk(String ids) {
        return given().when().get("/api/products?ids=" + ids);
    }

    @Test
    void theMissesAreLoadedInOneQueryAndStoredEachWithAJitteredTtl() {
        long a = Products.create();
        long b = Products.create();
        long c = Products.create();

        long before = sql.statements();
        JsonPath read = bulk(ids(c, a, b)).then().statusCode(200)
                .header("X-Cache", "MISS").header("X-Cache-Hits", "0").header("X-Cache-Misses", "3")
                .extract().jsonPath();
        assertThat(sql.statements() - before).as("one select for the three misses").isEqualTo(1);
        assertThat(read.getList("items.id", Long.class)).containsExactly(c, a, b);
        assertThat(read.getList("missing")).isEmpty();

        for (long id : new long[] {a, b, c}) {
            String key = keys.product(id);
            assertThat(redis.type(key)).isEqualTo("string");
            assertThat(redis.ttl(key)).isBetween(3240L, 3960L);   // 1 h ± 10 %, like a single miss
            String single = given().when().get("/api/products/" + id).then().header("X-Cache", "HIT").extract().asString();
            assertThat(redis.body(key)).isEqualTo(single);
        }
    }

    @Test
    void aSecondReadIsAllHitsAndRunsNoSql() {
        long a = Products.create();
        long b = Products.create();
        bulk(ids(a, b)).then().statusCode(200).header("X-Cache", "MISS");

        double hits = Metrics.value("cache_gets_total{cache=\"product\",result=\"hit\"}");
        long before = sql.statements();
        bulk(ids(b, a)).then().statusCode(200)
                .header("X-Cache", "HIT").header("X-Cache-Hits", "2").header("X-Cache-Misses", "0")
                .body("items.id", equalTo(List.of((int) b, (int) a)));
        assertThat(sql.statements() - before).isZero();
        assertThat(Metrics.value("cache_gets_total{cache=\"product\",result=\"hit\"}") - hits)
                .as("one read counted per id").isEqualTo(2.0);
    }

    @Test
    void hitsAndMissesMixInTheOrderAsked() {
        long cached = Products.create();
        long fresh = Products.create();
        given().when().get("/api/products/" + cached).then().header("X-Cache", "MISS");

        bulk(ids(fresh, cached)).then().statusCode(200)
                .header("X-Cache", "MISS").header("X-Cache-Hits", "1").header("X-Cache-Misses", "1")
                .body("items.id", equalTo(List.of((int) fresh, (int) cached)));
        assertThat(redis.exists(keys.product(fresh))).isTrue();
    }

    @Test
    void absentIdsAreListedAsMissingAndTombstonedLikeASingleMiss() {
        long kept = Products.create();
        long deleted = Products.create();
        Products.create();                                  // the deleted id stays below the highest
        Accounts.asAdmin().when().delete("/api/products/" + deleted).then().statusCode(204);
        long neverCreated = 9_000_000_123L;

        bulk(ids(deleted, kept, neverCreated)).then().statusCode(200)
                .body("items.id", equalTo(List.of((int) kept)))
                .body("missing", equalTo(List.of((int) deleted, neverCreated)));
        assertThat(redis.body(keys.product(deleted))).isEqualTo(ProductCache.TOMBSTONE);
        assertThat(redis.ttl(keys.product(deleted))).isBetween(1L, 60L);
        assertThat(redis.exists(keys.product(neverCreated))).as("no tombstone above the highest id").isFalse();

        long before = sql.statements();
        bulk(ids(deleted, kept)).then().statusCode(200).header("X-Cache", "HIT")
                .body("missing", equalTo(List.of((int) deleted)));
        assertThat(sql.statements() - before).isZero();
    }

    @Test
    void aStoreIsRefusedWhenTheCatalogChangedDuringTheLoad() {
        assumeFalse(topology.clustered(), "the pipelined guard script reads two slots: one server only; "
                + "ProductCacheTest.aLoadThatRacedAWriteLeavesNoOldCopyInRedis covers both");
        long a = Products.create();
        long b = Products.create();
        String version = redis.get(keys.catalogVersion());
        String stale = version == null ? "-1" : version + "-before-a-write";
        List<LuaScript.Call> stores = List.of(
                new LuaScript.Call(List.of(keys.product(a), keys.catalogVersion()), List.of(stale, "{}", "60000")),
                new LuaScript.Call(List.of(keys.product(b), keys.catalogVersion()), List.of(stale, "{}", "60000")));

        var replies = ProductStore.SET_IF_VERSION_UNCHANGED.runPipelined(redisDataSource, stores,
                java.time.Duration.ofSeconds(2));

        assertThat(replies).extracting(reply -> reply.toLong()).containsExactly(0L, 0L);
        assertThat(redis.exists(keys.product(a))).isFalse();
        assertThat(redis.exists(keys.product(b))).isFalse();
    }

    @Test
    void aBadListIsRefusedNamingIds() {
        String hundredAndOne = LongStream.rangeClosed(1, 101).mapToObj(Long::toString).collect(Collectors.joining(","));
        for (String bad : List.of(" ", "abc", "1,,2", "0", "-3", "1;2", "99999999999999999999", hundredAndOne)) {
            Response refused = bulk(bad);
            assertThat(refused.statusCode()).as("ids=%s", bad).isEqualTo(400);
            refused.then().contentType("application/problem+json").body("errors.field", hasItem("ids"));
        }
        String hundred = LongStream.rangeClosed(1, 100).mapToObj(Long::toString).collect(Collectors.joining(","));
        bulk(hundred).then().statusCode(200);
        bulk("1, 2,1").then().statusCode(200).body("items.id", equalTo(List.of(1, 2)));
    }

    @Test
    void theCartIsPricedThroughTheBulkReadAndRunsNoSqlOnHits() {
        long a = Products.create(Products.body(Products.uniqueSku(), "Cart kettle", "10.00", "Kitchen"));
        long b = Products.create(Products.body(Products.uniqueSku(), "Cart mug", "2.50", "Kitchen"));
        long gone = Products.create();
        String token = Accounts.newSession();
        for (long id : new long[] {a, b, gone}) {
            Accounts.as(token).contentType(ContentType.JSON).body(java.util.Map.of("quantity", 2))
                    .when().put("/api/cart/items/" + id).then().statusCode(200);
        }
        Accounts.asAdmin().when().delete("/api/products/" + gone).then().statusCode(204);
        Products.create();                                  // the deleted id stays below the highest
        given().when().get("/api/products/" + gone).then().statusCode(404);       // its tombstone is cached

        long before = sql.statements();
        double hits = Metrics.value("cache_gets_total{cache=\"product\",result=\"hit\"}");
        JsonPath cart = Accounts.as(token).when().get("/api/cart").then().statusCode(200).extract().jsonPath();
        assertThat(sql.statements() - before).isZero();
        assertThat(Metrics.value("cache_gets_total{cache=\"product\",result=\"hit\"}") - hits).isEqualTo(3.0);
        assertThat(cart.getList("lines.productId", Long.class)).containsExactlyInAnyOrder(a, b);
        assertThat(new BigDecimal(cart.getString("total"))).isEqualByComparingTo("25.00");
    }
}
