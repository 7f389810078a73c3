package org.acme.shop.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Management;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Write-through as the README promises it, checked in Redis itself (key, type, fields, TTL), in PostgreSQL and in the
 * number of SQL statements Hibernate ran.
 */
@QuarkusTest
@Tag("redis")
class StockWriteThroughTest {

    private static final long TTL_SECONDS = 3600;

    @Inject
    TestRedis redis;

    @Inject
    InventoryKeys keys;

    @Inject
    SqlCounter sql;

    @Inject
    StockRows rows;

    @Inject
    MeterRegistry registry;

    @Inject
    StockWriteThrough stock;

    @Test
    void stockKeysFollowTheNamespace() {
        assertThat(keys.stock("KIT-0042")).isEqualTo("shop:inventory:stock:KIT-0042");
        assertThat(keys.stock("odd:sku x")).isEqualTo("shop:inventory:stock:odd%3Asku+x");
    }

    @Test
    void everyWriteHasStoredTheCommittedRowWhenItsResponseArrives() {
        String sku = Stocks.newProduct();
        String key = keys.stock(sku);
        assertThat(redis.exists(key)).isFalse();

        Stocks.setAvailable(sku, 10).statusCode(200);
        assertThat(redis.type(key)).isEqualTo("hash");
        assertThat(redis.hgetall(key)).isEqualTo(Map.of("available", "10", "reserved", "0", "version", "1"));
        assertThat(redis.ttl(key)).isBetween(TTL_SECONDS - 60, TTL_SECONDS);

        String id = Stocks.reserved(sku, 4);
        assertThat(redis.hgetall(key)).isEqualTo(Map.of("available", "6", "reserved", "4", "version", "2"));

        Accounts.asCustomer().when().delete("/api/inventory/reservations/" + id).then().statusCode(204);
        assertThat(redis.hgetall(key)).isEqualTo(Map.of("available", "10", "reserved", "0", "version", "3"));
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 10, 0, 3));
    }

    @Test
    void aWriteThroughInsideAnOpenTransactionIsRefused() {
        // Inside a caller's transaction the Redis write would happen before that transaction commits.
        String sku = Stocks.newProduct();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> stock.setAvailable(sku, 5)))
                .isInstanceOf(TransactionalException.class);
        assertThat(rows.row(sku)).isNull();
        assertThat(redis.exists(keys.stock(sku))).isFalse();
    }

    @Test
    void readsAfterAWriteAreHitsAndRunNoSql() {
        String sku = Stocks.newProductWithStock(8);

        long before = sql.statements();
        given().when().get("/api/inventory/" + sku)
                .then().statusCode(200).header("X-Cache", "HIT")
                .body("sku", equalTo(sku)).body("available", equalTo(8)).body("version", equalTo(1));
        assertThat(sql.statements() - before).isZero();
    }

    @Test
    void aHitIsServedFromRedisEvenWhenTheRowDiffers() {
        // Proves where a HIT comes from: the response is what the HASH holds, not what PostgreSQL holds.
        String sku = Stocks.newProductWithStock(8);
        redis.hset(keys.stock(sku), Map.of("available", "999"));
        given().when().get("/api/inventory/" + sku)
                .then().header("X-Cache", "HIT").body("available", equalTo(999));
        redis.delete(keys.stock(sku));
    }

    @Test
    void aMissLoadsThePostgresRowAndFillsTheHash() {
        String sku = Stocks.newProductWithStock(6);
        Stocks.reserve(sku, 1).statusCode(201);
        String key = keys.stock(sku);
        redis.delete(key);

        long before = sql.statements();
        given().when().get("/api/inventory/" + sku)
                .then().statusCode(200).header("X-Cache", "MISS")
                .body("available", equalTo(5)).body("reserved", equalTo(1)).body("version", equalTo(2));
        assertThat(sql.statements() - before).as("a miss asks PostgreSQL").isPositive();
        assertThat(redis.hgetall(key)).isEqualTo(Map.of("available", "5", "reserved", "1", "version", "2"));
        assertThat(redis.ttl(key)).isBetween(TTL_SECONDS - 60, TTL_SECONDS);

        given().when().get("/api/inventory/" + sku).then().header("X-Cache", "HIT").body("available", equalTo(5));
    }

    @Test
    void aProductWithoutStockIsCachedAtVersionZeroAndItsFirstPutReplacesIt() {
        String sku = Stocks.newProduct();
        String key = keys.stock(sku);
        given().when().get("/api/inventory/" + sku).then().header("X-Cache", "MISS").body("version", equalTo(0));
        assertThat(redis.hgetall(key)).isEqualTo(Map.of("available", "0", "reserved", "0", "version", "0"));

        Stocks.setAvailable(sku, 3).statusCode(200);
        assertThat(redis.hgetall(key)).isEqualTo(Map.of("available", "3", "reserved", "0", "version", "1"));
    }

    @Test
    void theVersionGuardAppliesOnlyNewerStates() {
        // The script alone, against Redis: what two writers finishing out of order would send.
        String key = keys.stock(Stocks.newProduct());
        String ttl = "60000";

        assertThat(guard(key, 5, 10, 0, ttl)).as("nothing stored yet: applied").isEqualTo(1);
        assertThat(redis.hgetall(key)).isEqualTo(Map.of("available", "10", "reserved", "0", "version", "5"));

        assertThat(guard(key, 4, 11, 0, "3600000")).as("older version: refused").isZero();
        assertThat(guard(key, 5, 12, 0, "3600000")).as("same version: refused").isZero();
        assertThat(redis.hgetall(key)).isEqualTo(Map.of("available", "10", "reserved", "0", "version", "5"));
        assertThat(redis.ttl(key)).as("a refused write does not extend the TTL").isLessThanOrEqualTo(60);

        assertThat(guard(key, 6, 9, 1, "3600000")).as("newer version: applied").isEqualTo(1);
        assertThat(redis.hgetall(key)).isEqualTo(Map.of("available", "9", "reserved", "1", "version", "6"));
        assertThat(redis.ttl(key)).isGreaterThan(60);

        // Versions compare as numbers, not as strings ("10" < "9" as text).
        assertThat(guard(key, 10, 8, 2, ttl)).isEqualTo(1);
        assertThat(guard(key, 9, 0, 0, ttl)).isZero();
        assertThat(redis.hgetall(key)).containsEntry("version", "10");
        redis.delete(key);
    }

    @Test
    void aWriteOlderThanWhatRedisHoldsIsSkippedAndCounted() {
        // Replays a slow writer: Redis already holds a newer state than the one this request committed.
        String sku = Stocks.newProductWithStock(4);
        String key = keys.stock(sku);
        redis.hset(key, Map.of("available", "1", "reserved", "3", "version", "1000"));
        double stale = count("inventory.cache.writes", "stale");

        Stocks.setAvailable(sku, 9).statusCode(200).body("version", equalTo(2));
        assertThat(redis.hgetall(key)).as("the older state did not overwrite the newer one").containsEntry("version", "1000");
        assertThat(count("inventory.cache.writes", "stale") - stale).isEqualTo(1);
        redis.delete(key);
    }

    @Test
    void aFailedCacheWriteKeepsTheCommitDeletesTheKeyAndIsCounted() {
        // A real failure from a real Redis: a STRING where the HASH should be makes the script fail with WRONGTYPE.
        String sku = Stocks.newProductWithStock(4);
        String key = keys.stock(sku);
        redis.delete(key);
        redis.set(key, "not a hash");
        redis.expire(key, 60);
        double failed = count("inventory.cache.writes", "failed");

        Stocks.setAvailable(sku, 9).statusCode(200).body("available", equalTo(9)).body("version", equalTo(2));

        assertThat(rows.row(sku)).as("the commit stands").isEqualTo(new StockLevel(sku, 9, 0, 2));
        assertThat(redis.exists(key)).as("the key was deleted after the failed write").isFalse();
        assertThat(count("inventory.cache.writes", "failed") - failed).isEqualTo(1);
        given().when().get("/api/inventory/" + sku).then().header("X-Cache", "MISS").body("available", equalTo(9));
    }

    @Test
    void metricsCountReservationsAndCacheWritesByResult() {
        String sku = Stocks.newProductWithStock(1);
        double accepted = count("inventory.reservations", "accepted");
        double rejected = count("inventory.reservations", "rejected");
        double applied = count("inventory.cache.writes", "applied");

        Stocks.reserve(sku, 1).statusCode(201);
        Stocks.reserve(sku, 1).statusCode(409);

        assertThat(count("inventory.reservations", "accepted") - accepted).isEqualTo(1);
        assertThat(count("inventory.reservations", "rejected") - rejected).isEqualTo(1);
        assertThat(count("inventory.cache.writes", "applied") - applied).as("only the accepted one wrote").isEqualTo(1);
        Management.given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("inventory_reservations_total{result=\"accepted\"}"))
                .body(containsString("inventory_reservations_total{result=\"rejected\"}"))
                .body(containsString("inventory_cache_writes_total{result=\"applied\"}"));
    }

    private long guard(String key, long version, int available, int reserved, String ttlMillis) {
        return redis.eval(StockWriteThrough.SET_IF_NEWER, List.of(key), Long.toString(version),
                Integer.toString(available), Integer.toString(reserved), ttlMillis);
    }

    private double count(String metric, String result) {
        return registry.counter(metric, "result", result).count();
    }
}
