package org.acme.shop.inventory.flashsale;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.acme.shop.inventory.StockLevel;
import org.acme.shop.inventory.StockRows;
import org.acme.shop.inventory.Stocks;
import org.acme.shop.inventory.flashsale.writer.FlashSaleWriter;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The flash-sale mode against the tests' PostgreSQL and Redis: the units move into the gate and back, concurrent
 * buyers get exactly the units, an idempotency key makes one reservation, and a gate that Redis lost is rebuilt from
 * PostgreSQL and the stream. The scheduled writer is off in tests: each test runs {@link FlashSaleWriter#pass()}.
 */
@QuarkusTest
@Tag("redis")
class FlashSaleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/inventory/")
    URI inventory;

    @Inject
    StockRows rows;

    @Inject
    FlashSaleRows sales;

    @Inject
    FlashSaleWriter writer;

    @Inject
    TestRedis redis;

    @Inject
    FlashSaleKeys keys;

    @Inject
    SqlCounter sql;

    @Inject
    FlashSaleStore store;

    @Test
    void anIdleWriterAsksPostgresNothingUntilASaleStartedHereWakesIt() {
        assertThat(store.activeSales()).as("no sale left on by another test").isEmpty();
        writer.tick();                                        // looks, finds no sale: idle (%test: for a minute)
        long before = sql.statements();
        writer.tick();
        assertThat(sql.statements() - before).as("an idle tick sends no SQL").isZero();

        String sku = Stocks.newProductWithStock(5);
        FlashSales.start(sku, 3, 1).statusCode(200);          // started on this instance: wakes its writer
        before = sql.statements();
        writer.tick();
        assertThat(sql.statements() - before).as("the woken tick passes over the sale").isPositive();
        before = sql.statements();
        writer.tick();
        assertThat(sql.statements() - before).as("while a sale is on, every tick passes").isPositive();

        FlashSales.end(sku).statusCode(200);
        writer.tick();                                        // finds no sale again
        before = sql.statements();
        writer.tick();
        assertThat(sql.statements() - before).as("idle again once the sale ended").isZero();
    }

    @Test
    void startingMovesTheUnitsFromPostgresIntoTheGateAndEndingGivesTheRestBack() {
        String sku = Stocks.newProductWithStock(50);

        FlashSales.start(sku, 30, 2).statusCode(200)
                .body("active", equalTo(true)).body("quantity", equalTo(30)).body("remaining", equalTo(30))
                .body("perUserLimit", equalTo(2));

        assertThat(rows.row(sku)).as("30 units left PostgreSQL's available stock").isEqualTo(new StockLevel(sku, 20, 0, 2));
        String gate = keys.flashSaleGate(sku);
        assertThat(gate).isEqualTo("shop:flashsale:{" + sku + "}:gate");
        assertThat(redis.type(gate)).isEqualTo("hash");
        assertThat(redis.hgetall(gate)).containsEntry("remaining", "30").containsEntry("perUserLimit", "2")
                .containsEntry("saleId", Long.toString(sales.sale(sku).id()));
        assertThat(redis.ttl(gate)).as("the sale's end plus inventory.flash-sale.key-grace").isBetween(3_500L, 7_200L);
        assertThat(redis.type(keys.flashSaleStream(sku))).isEqualTo("stream");
        long before = sql.statements();
        given().when().get("/api/inventory/" + sku).then().statusCode(200).header("X-Cache", "HIT")
                .body("available", equalTo(20)).body("flashSale.active", equalTo(true))
                .body("flashSale.remaining", equalTo(30)).body("flashSale.endsAt", notNullValue());
        assertThat(sql.statements() - before).as("the flash-sale state is read from Redis").isZero();

        Stocks.reserve(sku, 2).statusCode(202);
        writer.pass();
        FlashSales.end(sku).statusCode(200).body("available", equalTo(48)).body("reserved", equalTo(2));

        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 48, 2, 4));      // start, one batch, end
        assertThat(sales.sale(sku)).isEqualTo(new FlashSaleRows.Sale(sales.sale(sku).id(), 30, 2, true));
        assertThat(redis.exists(gate)).isFalse();
        assertThat(redis.exists(keys.flashSaleStream(sku))).isFalse();
        given().when().get("/api/inventory/" + sku).then().statusCode(200).body("flashSale", equalTo(null));
        FlashSales.end(sku).statusCode(404);
    }

    @Test
    void sixtyConcurrentBuyersForTwentyUnitsGetExactlyTwentyAndPostgresGetsThemAll() throws Exception {
        String sku = Stocks.newProductWithStock(25);
        FlashSales.start(sku, 20, 100).statusCode(200);
        List<String> buyers = List.of(Accounts.newSession(), Accounts.newSession(), Accounts.newSession());

        List<HttpResponse<String>> answers = Concurrently.runAtOnce(60, () -> FlashSales.reserveRetrying(inventory,
                buyers.get((int) (Thread.currentThread().threadId() % buyers.size())), sku, 1, UUID.randomUUID().toString()));

        List<HttpResponse<String>> accepted = answers.stream().filter(a -> a.statusCode() == 202).toList();
        assertThat(answers).extracting(HttpResponse::statusCode).as(() -> answers.stream()
                .filter(a -> a.statusCode() != 202 && a.statusCode() != 409).map(HttpResponse::body).findFirst()
                .orElse("")).containsOnly(202, 409);
        assertThat(accepted).hasSize(20);
        assertThat(answers.stream().filter(a -> a.statusCode() == 409)).hasSize(40);
        assertThat(accepted).allSatisfy(a -> assertThat(a.headers().firstValue("Location")).isPresent());
        assertThat(redis.hgetall(keys.flashSaleGate(sku))).containsEntry("remaining", "0");
        assertThat(rows.reservations(sku)).as("nothing in PostgreSQL before the writer runs").isZero();

        writer.pass();

        List<String> ids = accepted.stream().map(a -> field(a, "id")).toList();
        assertThat(sales.reservationIds(sku)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 5, 20, 3));
        assertThat(rows.activelyReserved(sku)).isEqualTo(20);
        assertThat(sales.sale(sku).taken()).isEqualTo(20);
        assertThat(redis.xlen(keys.flashSaleStream(sku))).as("written entries are acknowledged and deleted").isZero();
        Accounts.asAdmin().when().get("/api/inventory/reservations/" + ids.get(0)).then()
                .statusCode(200).body("status", equalTo("HELD"));
        FlashSales.end(sku).statusCode(200);
    }

    @Test
    void theSameIdempotencyKeyTwiceIsOneReservationAnsweredWith201OnceDurable() throws Exception {
        String sku = Stocks.newProductWithStock(10);
        FlashSales.start(sku, 5, 3).statusCode(200);
        String buyer = Accounts.newSession();
        String key = "order-" + UUID.randomUUID();

        List<HttpResponse<String>> answers = Concurrently.runAtOnce(2, () -> FlashSales.reserve(inventory, buyer, sku, 1,
                key));

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(202);
        assertThat(answers).extracting(a -> field(a, "id")).as("one reservation").containsOnly(field(answers.get(0), "id"));
        assertThat(redis.hgetall(keys.flashSaleGate(sku))).containsEntry("remaining", "4");

        writer.pass();
        HttpResponse<String> replay = FlashSales.reserve(inventory, buyer, sku, 1, key);
        assertThat(replay.statusCode()).as("known durable: PostgreSQL has it").isEqualTo(201);
        assertThat(field(replay, "id")).isEqualTo(field(answers.get(0), "id"));
        assertThat(rows.reservations(sku)).isEqualTo(1);
        assertThat(FlashSales.reserve(inventory, buyer, sku, 1, "not a key!").statusCode()).isEqualTo(400);
        FlashSales.end(sku).statusCode(200);
    }

    @Test
    void theUserLimitAndTheWindowAreEnforcedByTheGate() throws Exception {
        String sku = Stocks.newProductWithStock(10);
        FlashSales.start(sku, 10, 2).statusCode(200);
        String buyer = Accounts.newSession();

        assertThat(FlashSales.reserve(inventory, buyer, sku, 2, null).statusCode()).isEqualTo(202);
        HttpResponse<String> third = FlashSales.reserve(inventory, buyer, sku, 1, null);
        assertThat(third.statusCode()).isEqualTo(409);
        assertThat(field(third, "detail")).contains("allows you 0 more");
        assertThat(redis.hgetall(keys.flashSaleUsers(sku))).containsValue("2");

        FlashSales.start(sku, 1, 1).statusCode(409);                            // one sale at a time
        FlashSales.end(sku).statusCode(200);
        assertThat(FlashSales.reserve(inventory, buyer, sku, 1, null).statusCode())
                .as("the sale is over: the normal mode decides again").isEqualTo(201);
    }

    @Test
    void aSaleCannotTakeMoreThanTheAvailableStockOrEndBeforeItStarts() {
        String sku = Stocks.newProductWithStock(3);
        FlashSales.start(sku, 4, 1).statusCode(409);
        Accounts.asAdmin().contentType(ContentType.JSON)
                .body(Map.of("quantity", 1, "perUserLimit", 1, "endsAt", "2020-01-01T00:00:00Z"))
                .when().put("/api/inventory/" + sku + "/flash-sale").then().statusCode(400)
                .body("errors[0].field", equalTo("endsAt"));
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 3, 0, 1));
        FlashSales.start(Stocks.newProduct() + "-nobody", 1, 1).statusCode(404);
    }

    @Test
    void aLostGatePausesTheSaleAndIsRebuiltFromPostgresAndTheStream() throws Exception {
        String sku = Stocks.newProductWithStock(10);
        FlashSales.start(sku, 10, 3).statusCode(200);
        String buyer = Accounts.newSession();
        assertThat(FlashSales.reserve(inventory, buyer, sku, 2, "first").statusCode()).isEqualTo(202);
        writer.pass();                                                          // 2 units in PostgreSQL
        HttpResponse<String> pending = FlashSales.reserve(inventory, buyer, sku, 1, "second");
        assertThat(pending.statusCode()).isEqualTo(202);                        // 1 unit on the stream only

        // Redis loses the gate (an eviction, a failover to a replica that had not got it): the stream survives.
        redis.delete(keys.flashSaleGate(sku));
        redis.delete(keys.flashSaleUsers(sku));
        redis.delete(keys.flashSaleIdempotency(sku));
        HttpResponse<String> paused = FlashSales.reserve(inventory, buyer, sku, 1, null);
        assertThat(paused.statusCode()).isEqualTo(503);
        assertThat(paused.headers().firstValue("Retry-After")).isPresent();

        writer.pass();                                                          // rebuilds, then writes the entry

        assertThat(redis.hgetall(keys.flashSaleGate(sku))).as("10 - 2 in PostgreSQL - 1 on the stream")
                .containsEntry("remaining", "7");
        assertThat(redis.hgetall(keys.flashSaleUsers(sku))).isEqualTo(Map.of(
                Long.toString(userId(buyer)), "3"));
        HttpResponse<String> retried = FlashSales.reserve(inventory, buyer, sku, 1, "second");
        assertThat(field(retried, "id")).as("the key survived in the stream").isEqualTo(field(pending, "id"));
        assertThat(FlashSales.reserve(inventory, buyer, sku, 1, null).statusCode()).as("limit 3 reached")
                .isEqualTo(409);
        assertThat(sales.unitsReserved(sku)).isEqualTo(3);
        FlashSales.end(sku).statusCode(200).body("available", equalTo(7)).body("reserved", equalTo(3));
    }

    @Test
    void aRebuildThatReadTheSaleBeforeItEndedInstallsNoGate() throws Exception {
        String sku = Stocks.newProductWithStock(10);
        FlashSales.start(sku, 10, 3).statusCode(200);
        FlashSale readBeforeTheEnd = store.active(sku).orElseThrow();     // a pass on another instance read the sale
        redis.delete(keys.flashSaleGate(sku));                           // and found its gate lost

        FlashSales.end(sku).statusCode(200).body("available", equalTo(10));

        assertThat(writer.rebuild(readBeforeTheEnd)).isTrue();
        assertThat(redis.exists(keys.flashSaleGate(sku))).as("the ended sale stays ended").isFalse();
        assertThat(redis.exists(keys.flashSaleStream(sku))).isFalse();
        assertThat(FlashSales.reserve(inventory, Accounts.newSession(), sku, 1, null).statusCode())
                .as("the normal mode decides").isEqualTo(201);
    }

    /**
     * An end on one instance and a rebuild of the lost gate on another, released together, twenty times: the rebuild
     * works from a sale read before the end (as a pass that read the sales an instant earlier does). Whichever takes
     * the sale's row first, no gate and no stream is left once both are done: a rebuild that went first is closed and
     * removed by the end, and one that comes after sees the sale closed and installs nothing.
     */
    @Test
    void aRebuildRacingAnEndNeverReopensTheEndedSale() throws Exception {
        for (int round = 0; round < 20; round++) {
            String sku = Stocks.newProductWithStock(10);
            FlashSales.start(sku, 10, 3).statusCode(200);
            FlashSale readBeforeTheEnd = store.active(sku).orElseThrow();
            redis.delete(keys.flashSaleGate(sku));                          // Redis lost the gate
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<Boolean> rebuilt = pool.submit(() -> {
                    start.await();
                    return writer.rebuild(readBeforeTheEnd);
                });
                Future<?> ended = pool.submit(() -> {
                    start.await();
                    return writer.end(readBeforeTheEnd);
                });
                start.countDown();
                assertThat(rebuilt.get()).isTrue();
                ended.get();
            }
            assertThat(sales.sale(sku).ended()).isTrue();
            assertThat(redis.exists(keys.flashSaleGate(sku))).as("round %d: no gate after the end", round).isFalse();
            assertThat(redis.exists(keys.flashSaleStream(sku))).as("round %d: no stream after the end", round)
                    .isFalse();
        }
    }

    private static long userId(String token) {
        return Accounts.as(token).when().get("/api/users/me").then().statusCode(200).extract().jsonPath().getLong("id");
    }

    private static String field(HttpResponse<String> response, String name) {
        try {
            return JSON.readTree(response.body()).get(name).asText();
        } catch (Exception e) {
            throw new IllegalStateException(response.body(), e);
        }
    }
}
