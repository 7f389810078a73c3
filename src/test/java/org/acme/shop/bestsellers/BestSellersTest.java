package org.acme.shop.bestsellers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Best sellers as the README promises them: a confirmation adds to the ZSET of its UTC day, a ranking is the union of
 * the window's days named from the catalog cache, and the day keys can be rebuilt from PostgreSQL. Other tests confirm
 * reservations too, so each test looks only at its own products, or gives them scores no other product reaches.
 */
@QuarkusTest
@Tag("redis")
class BestSellersTest {

    @Inject
    TestRedis redis;

    @Inject
    BestSellerKeys keys;

    @Inject
    SqlCounter sql;

    @Inject
    Sales sales;

    @Inject
    RedisDataSource redisDataSource;

    @Inject
    BestSellersConfig config;

    @Inject
    BestSellers bestSellers;

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private double score(LocalDate day, long productId) {
        SortedSetCommands<String, String> zsets = redisDataSource.sortedSet(String.class);
        return zsets.zscore(keys.bestSellersDay(day), Long.toString(productId)).orElse(0);
    }

    @Test
    void dayKeysCarryTheHashTagOfTheirSlot() {
        assertThat(keys.bestSellersDay(LocalDate.of(2026, 11, 25))).isEqualTo("shop:{bestsellers}:day:2026-11-25");
    }

    @Test
    void aConfirmationAddsItsUnitsToTodaysSortedSetOnce() {
        Sales.Item item = Sales.productWithStock(20);
        String first = Sales.sell(item.sku(), 3);
        Sales.sell(item.sku(), 2);
        Sales.reserve(item.sku(), 4);                       // held, not sold: not counted
        Sales.confirm(first);                               // confirming again sells nothing more

        String key = keys.bestSellersDay(today());
        assertThat(redis.type(key)).isEqualTo("zset");
        assertThat(score(today(), item.id())).isEqualTo(5.0);
        // Expires at the start of the UTC day max-days + 1 after today: between max-days and max-days + 1 days away.
        long ttl = redis.ttl(key);
        assertThat(ttl).isBetween(Duration.ofDays(config.maxDays()).toSeconds(),
                Duration.ofDays(config.maxDays() + 1L).toSeconds());
    }

    @Test
    void theRankingUnitesTheDaysAndNamesTheProductsInOneBulkRead() {
        Sales.Item a = Sales.productWithStock(1);
        Sales.Item b = Sales.productWithStock(1);
        Sales.Item c = Sales.productWithStock(1);
        // Scores far above any other test's sales, so these three lead every ranking that includes their days.
        redis.zadd(keys.bestSellersDay(today()), 9_000_000, Long.toString(a.id()));
        redis.zadd(keys.bestSellersDay(today()), 8_000_000, Long.toString(b.id()));
        redis.zadd(keys.bestSellersDay(today().minusDays(3)), 2_000_000, Long.toString(b.id()));
        redis.zadd(keys.bestSellersDay(today().minusDays(3)), 9_500_000, Long.toString(c.id()));

        JsonPath week = given().when().get("/api/products/best-sellers?days=7&limit=3")
                .then().statusCode(200).header("X-Cache", "HIT").extract().jsonPath();
        assertThat(week.getList("items.productId", Long.class)).containsExactly(b.id(), c.id(), a.id());
        assertThat(week.getList("items.unitsSold", Long.class)).containsExactly(10_000_000L, 9_500_000L, 9_000_000L);
        assertThat(week.getString("items[0].sku")).isEqualTo(b.sku());
        assertThat(week.getString("items[0].name")).isEqualTo("Best seller " + b.sku());
        assertThat(week.getString("from")).isEqualTo(today().minusDays(6).toString());
        assertThat(week.getString("to")).isEqualTo(today().toString());

        given().when().get("/api/products/best-sellers?days=2&limit=2")    // today and yesterday: c's sale is older
                .then().statusCode(200)
                .body("items.productId", equalTo(List.of((int) a.id(), (int) b.id())))
                .body("items.unitsSold", equalTo(List.of(9_000_000, 8_000_000)));

        long before = sql.statements();                       // the names are cached now: a ranking runs no SQL
        given().when().get("/api/products/best-sellers?days=7&limit=3").then().statusCode(200);
        assertThat(sql.statements() - before).isZero();
        redis.delete(keys.bestSellersDay(today().minusDays(3)));
        redis.delete(keys.bestSellersDay(today()));            // today's other sales come back with the rebuild below
        Accounts.asAdmin().when().post("/api/products/best-sellers/rebuild").then().statusCode(200);
    }

    @Test
    void theRebuildWritesWhatPostgresqlCounted() {
        Sales.Item item = Sales.productWithStock(50);
        Sales.sell(item.sku(), 4);
        String older = Sales.sell(item.sku(), 6);
        sales.backdate(older, 2);                             // sold two days ago as far as PostgreSQL knows
        Sales.sell(item.sku(), 1);
        // Live counting put all three on today; the rebuild sorts them by the day PostgreSQL holds.
        assertThat(score(today(), item.id())).isEqualTo(11.0);

        Map<String, Object> report = Accounts.asAdmin().when().post("/api/products/best-sellers/rebuild")
                .then().statusCode(200).extract().jsonPath().getMap("$");
        assertThat(report).containsEntry("to", today().toString())
                .containsEntry("from", today().minusDays(config.maxDays() - 1L).toString());
        assertThat(score(today(), item.id())).isEqualTo(5.0);
        assertThat(score(today().minusDays(2), item.id())).isEqualTo(6.0);
        String oldKey = keys.bestSellersDay(today().minusDays(2));
        assertThat(redis.ttl(oldKey)).isBetween(Duration.ofDays(config.maxDays() - 2L).toSeconds(),
                Duration.ofDays(config.maxDays() - 1L).toSeconds());

        // Redis loses the keys; the rebuild brings back exactly what was there.
        List<String> todayBefore = redis.zrange(keys.bestSellersDay(today()));
        redis.delete(keys.bestSellersDay(today()));
        redis.delete(oldKey);
        Accounts.asAdmin().when().post("/api/products/best-sellers/rebuild").then().statusCode(200);
        assertThat(redis.zrange(keys.bestSellersDay(today()))).containsExactlyElementsOf(todayBefore);
        assertThat(score(today(), item.id())).isEqualTo(5.0);
        assertThat(score(today().minusDays(2), item.id())).isEqualTo(6.0);
    }

    @Test
    void startUpRebuildsOnlyWhenNoDayOfTheWindowHasAKey() {
        Sales.Item item = Sales.productWithStock(5);
        Sales.sell(item.sku(), 2);
        for (int day = 0; day < config.maxDays(); day++) {
            redis.delete(keys.bestSellersDay(today().minusDays(day)));   // Redis came back empty
        }

        bestSellers.rebuildWhenEmpty();
        assertThat(score(today(), item.id())).isEqualTo(2.0);

        redis.zadd(keys.bestSellersDay(today()), 99, Long.toString(item.id()));
        bestSellers.rebuildWhenEmpty();                       // a key is there: start-up leaves the window alone
        assertThat(score(today(), item.id())).isEqualTo(99.0);
        Accounts.asAdmin().when().post("/api/products/best-sellers/rebuild").then().statusCode(200);
        assertThat(score(today(), item.id())).isEqualTo(2.0);
    }

    @Test
    void onlyTheAdminRebuilds() {
        given().when().post("/api/products/best-sellers/rebuild").then().statusCode(401);
        Accounts.asCustomer().when().post("/api/products/best-sellers/rebuild").then().statusCode(403);
    }

    @Test
    void daysAndLimitOutOfRangeAreRefusedByName() {
        for (String days : List.of("0", "-1", Integer.toString(config.maxDays() + 1))) {
            given().when().get("/api/products/best-sellers?days=" + days).then().statusCode(400)
                    .body("errors.field", hasItem("days"));
        }
        for (String limit : List.of("0", "101")) {
            given().when().get("/api/products/best-sellers?limit=" + limit).then().statusCode(400)
                    .body("errors.field", hasItem("limit"));
        }
    }
}
