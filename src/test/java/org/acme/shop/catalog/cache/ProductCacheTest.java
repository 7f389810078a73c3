package org.acme.shop.catalog.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.catalog.ProductChanged;
import org.acme.shop.redis.RedisTopology;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TableLocks;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cache-aside as the README promises it, checked in Redis itself (key, type, TTL, value) and in the number of SQL
 * statements Hibernate ran.
 */
@QuarkusTest
@Tag("redis")
class ProductCacheTest {

    @Inject
    TestRedis redis;

    @Inject
    CatalogKeys keys;

    @Inject
    SqlCounter sql;

    @Inject
    RedisTopology topology;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/api/products/")
    URI products;

    @Test
    void productKeysFollowTheNamespace() {
        assertThat(keys.product(42)).isEqualTo("shop:catalog:product:42");
        assertThat(keys.catalogVersion()).isEqualTo("shop:catalog:products:version");
        assertThat(keys.productPage(7, "Home & Garden", 0, 20))
                .isEqualTo("shop:catalog:products:v7:category=home+%26+garden:page=0:size=20");
    }

    @Test
    void firstReadIsAMissAndStoresTheProduct() {
        long id = Products.create();
        String key = keys.product(id);
        assertThat(redis.exists(key)).isFalse();

        String body = given().when().get("/api/products/" + id)
                .then().statusCode(200).header("X-Cache", "MISS")
                .extract().asString();

        assertThat(redis.type(key)).isEqualTo("string");
        assertThat(redis.body(key)).isEqualTo(body);
        // 1 h ± 10 % jitter
        assertThat(redis.ttl(key)).isBetween(3240L, 3960L);
    }

    @Test
    void secondReadIsAHitAndRunsNoSql() {
        long id = Products.create();
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");

        long before = sql.statements();
        given().when().get("/api/products/" + id)
                .then().statusCode(200).header("X-Cache", "HIT").body("id", equalTo((int) id));
        assertThat(sql.statements() - before).isZero();
    }

    @Test
    void aHitIsServedFromRedisEvenWhenTheRowDiffers() {
        // Proves where a HIT comes from: the response is what Redis holds, not what PostgreSQL holds.
        long id = Products.create();
        given().when().get("/api/products/" + id).then().header("X-Cache", "MISS");
        String key = keys.product(id);
        redis.set(key, redis.get(key).replace("Test kettle", "Planted in Redis"));
        redis.expire(key, 60);
        given().when().get("/api/products/" + id)
                .then().header("X-Cache", "HIT").body("name", equalTo("Planted in Redis"));
    }

    @Test
    void updateRemovesTheKeyBeforeResponding() {
        long id = Products.create();
        given().when().get("/api/products/" + id).then().header("X-Cache", "MISS");
        String key = keys.product(id);
        assertThat(redis.exists(key)).isTrue();

        Map<String, Object> changed = Products.body(Products.uniqueSku(), "Updated kettle", "24.50", "Kitchen");
        Accounts.asAdmin().contentType(ContentType.JSON).body(changed).when().put("/api/products/" + id).then().statusCode(200);
        assertThat(redis.exists(key)).as("key gone as soon as PUT answered").isFalse();

        given().when().get("/api/products/" + id)
                .then().header("X-Cache", "MISS").body("name", equalTo("Updated kettle")).body("price", equalTo(24.5f));
    }

    @Test
    void deleteRemovesTheKeyAndTheNextReadIsATombstone() {
        long id = Products.create();
        Products.create();                              // a tombstone only for an id below the highest
        given().when().get("/api/products/" + id).then().header("X-Cache", "MISS");

        Accounts.asAdmin().when().delete("/api/products/" + id).then().statusCode(204);
        assertThat(redis.exists(keys.product(id))).isFalse();

        given().when().get("/api/products/" + id).then().statusCode(404).header("X-Cache", "MISS");
        assertThat(redis.body(keys.product(id))).isEqualTo(ProductCache.TOMBSTONE);
        given().when().get("/api/products/" + id).then().statusCode(404).header("X-Cache", "HIT");
    }

    @Test
    void aRolledBackWriteLeavesTheCachedValueInPlace() {
        Map<String, Object> taken = Products.newBody();
        Products.create(taken);
        long id = Products.create();
        given().when().get("/api/products/" + id).then().header("X-Cache", "MISS");
        String key = keys.product(id);
        String cached = redis.get(key);

        // The flush hits the unique constraint and the transaction rolls back: no outbox row, no ProductChanged.
        Accounts.asAdmin().contentType(ContentType.JSON).body(taken).when().put("/api/products/" + id).then().statusCode(409);

        assertThat(redis.get(key)).isEqualTo(cached);
        given().when().get("/api/products/" + id).then().header("X-Cache", "HIT").body("name", equalTo("Test kettle"));
    }

    @Test
    void aDeletedIdIsCachedAsAShortTombstone() {
        long id = Products.create();
        Products.create();                              // the deleted id stays below the highest
        Accounts.asAdmin().when().delete("/api/products/" + id).then().statusCode(204);
        String key = keys.product(id);

        given().when().get("/api/products/" + id).then().statusCode(404).header("X-Cache", "MISS");
        assertThat(redis.body(key)).isEqualTo("null");
        assertThat(redis.ttl(key)).isBetween(1L, 60L);

        long before = sql.statements();
        given().when().get("/api/products/" + id).then().statusCode(404).header("X-Cache", "HIT");
        assertThat(sql.statements() - before).as("a tombstone hit asks no SQL").isZero();
    }

    @Test
    void anIdAboveTheHighestIsNeverCachedSoWalkingIdsCannotFillRedis() {
        long last = Products.create();
        for (long id = last + 1; id <= last + 20; id++) {
            given().when().get("/api/products/" + id).then().statusCode(404).header("X-Cache", "MISS");
            assertThat(redis.exists(keys.product(id))).as("no tombstone for %d", id).isFalse();
        }
        given().when().get("/api/products/" + (last + 1)).then().statusCode(404).header("X-Cache", "MISS");

        long created = Products.create();
        assertThat(created).as("identity columns hand out ids in order").isEqualTo(last + 1);
        given().when().get("/api/products/" + created).then().statusCode(200).header("X-Cache", "MISS");
    }

    @Test
    void anIdBelowOneIsA400NamingTheIdAndStoresNoTombstone() {
        for (long id : new long[] {0, -1, -9_000_000_000L, Long.MIN_VALUE}) {
            given().when().get("/api/products/" + id).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("id"));
            assertThat(redis.exists(keys.product(id))).as("no tombstone for %d", id).isFalse();
        }
        long id = Products.create();
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
    }

    @Test
    void listingPagesAreCachedUnderVersionedKeysAndAWriteMakesTheNextListingFresh() {
        String category = "Versioned " + Products.uniqueSku();
        Products.create(Products.body(Products.uniqueSku(), "first", "1.00", category));

        given().queryParam("category", category).when().get("/api/products")
                .then().statusCode(200).header("X-Cache", "MISS").body("totalItems", equalTo(1));
        String version = redis.get(keys.catalogVersion());
        String pageKey = keys.productPage(Long.parseLong(version), category, 0, 20);
        assertThat(redis.type(pageKey)).isEqualTo("string");
        assertThat(redis.ttl(pageKey)).isBetween(270L, 330L);
        assertThat(redis.ttl(keys.catalogVersion())).as("the version counter has no TTL").isEqualTo(-1L);

        long before = sql.statements();
        given().queryParam("category", category).when().get("/api/products")
                .then().header("X-Cache", "HIT").body("totalItems", equalTo(1));
        assertThat(sql.statements() - before).isZero();

        Products.create(Products.body(Products.uniqueSku(), "second", "2.00", category));
        assertThat(Long.parseLong(redis.get(keys.catalogVersion()))).isEqualTo(Long.parseLong(version) + 1);
        given().queryParam("category", category).when().get("/api/products")
                .then().header("X-Cache", "MISS").body("totalItems", equalTo(2)).body("items[0].name", equalTo("second"));
    }

    @Test
    void categoriesAreCachedAndRefreshedAfterAWrite() {
        String category = "Counted " + Products.uniqueSku();
        given().when().get("/api/categories").then().statusCode(200);
        given().when().get("/api/categories").then().header("X-Cache", "HIT");

        Products.create(Products.body(Products.uniqueSku(), "counted", "3.00", category));
        given().when().get("/api/categories")
                .then().header("X-Cache", "MISS")
                .body("find { it.name == '" + category + "' }.products", equalTo(1));
    }

    @Test
    void aLoadThatRacedAWriteLeavesNoOldCopyInRedis() throws Exception {
        // The race on the real read path: the read has taken the catalog version and waits for its row behind a table
        // lock; meanwhile a write commits and bumps the version (by hand here, as CatalogInvalidation does). On one
        // server the guard script refuses the store; on a cluster the copy is stored provisionally and removed when the
        // version, read again, has moved (ProductStore.storeThenConfirm). Either way no old copy stays.
        long id = Products.create();
        String key = keys.product(id);
        CompletableFuture<HttpResponse<String>> read;
        try (Connection tx = dataSource.getConnection(); Statement lock = tx.createStatement()) {
            tx.setAutoCommit(false);
            lock.execute("lock table product in access exclusive mode");
            read = Concurrently.get(products.resolve(String.valueOf(id)), 1).getFirst();
            await().atMost(Duration.ofSeconds(5)).until(() -> TableLocks.productSelectsWaiting(lock) > 0);   // the load began
            redis.incr(keys.catalogVersion());
            tx.commit();
        }
        assertThat(read.join().statusCode()).isEqualTo(200);
        assertThat(read.join().headers().firstValue("X-Cache")).hasValue("MISS");
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(redis.exists(key))
                .as("the copy loaded before the write").isFalse());

        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        assertThat(redis.ttl(key)).as("a load under the current version keeps its full TTL").isBetween(3240L, 3960L);
    }

    @Test
    void aStoreRacingAWriteIsRefusedByTheVersionGuard() {
        assumeFalse(topology.clustered(), "the guard script reads two slots: one server only");
        // Replays the stale-set race by hand: a reader read the version, a write committed (version + 1), then the
        // reader tries to store what it loaded before the write. The guard must refuse it.
        long id = Products.create();
        String key = keys.product(id);
        String versionAtLoad = redis.get(keys.catalogVersion());
        Products.create();  // any committed product write bumps the version
        given().when().get("/api/products/" + id).then().header("X-Cache", "MISS");
        assertThat(redis.exists(key)).as("a fresh load under the current version is stored").isTrue();

        redis.delete(key);
        assertThat(Long.parseLong(redis.get(keys.catalogVersion()))).isGreaterThan(Long.parseLong(versionAtLoad));
        long stored = redis.eval(ProductStore.SET_IF_VERSION_UNCHANGED, List.of(key, keys.catalogVersion()),
                versionAtLoad, "{\"stale\":true}", "60000");
        assertThat(stored).isZero();
        assertThat(redis.exists(key)).isFalse();
    }
}
