package org.acme.shop.inventory.reservation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.acme.shop.inventory.InventoryKeys;
import org.acme.shop.inventory.StockLevel;
import org.acme.shop.inventory.StockRows;
import org.acme.shop.inventory.Stocks;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reservations belong to the user who made them and hold stock for a limited time: ownership, the caller's list, the
 * confirmation and the sweep that expires holds, checked through the API, in PostgreSQL and in Redis.
 */
@QuarkusTest
@Tag("redis")
class ReservationTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    StockRows rows;

    @Inject
    TestRedis redis;

    @Inject
    InventoryKeys keys;

    @Inject
    ReservationSweep sweep;

    @Inject
    Scheduler scheduler;

    private static ValidatableResponse reserve(String token, String sku, int quantity) {
        return Accounts.as(token).contentType(ContentType.JSON).body(Map.of("quantity", quantity))
                .when().post("/api/inventory/" + sku + "/reservations").then();
    }

    private static String reserved(String token, String sku, int quantity) {
        return reserve(token, sku, quantity).statusCode(201).extract().jsonPath().getString("id");
    }

    private static ValidatableResponse confirm(String token, String id) {
        return Accounts.as(token).when().post("/api/inventory/reservations/" + id + "/confirm").then();
    }

    @Test
    void reservingNeedsASignedInUserAndTheHoldEndsAfterTheConfiguredTime() {
        String sku = Stocks.newProductWithStock(5);
        given().contentType(ContentType.JSON).body(Map.of("quantity", 1))
                .when().post("/api/inventory/" + sku + "/reservations")
                .then().statusCode(401).contentType(PROBLEM);

        var created = reserve(Accounts.newSession(), sku, 2).statusCode(201)
                .body("status", equalTo("HELD")).body("confirmedAt", nullValue()).extract().jsonPath();
        Duration hold = Duration.between(OffsetDateTime.parse(created.getString("createdAt")),
                OffsetDateTime.parse(created.getString("expiresAt")));
        assertThat(hold).as("inventory.reservation-hold, 15 minutes by default").isEqualTo(Duration.ofMinutes(15));
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 3, 2, 2));
    }

    @Test
    void oneReservationTakesAtMostTheMaximumQuantity() {
        String sku = Stocks.newProductWithStock(500);
        reserve(Accounts.newSession(), sku, 101).statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("quantity"));
        assertThat(rows.row(sku)).as("nothing taken").isEqualTo(new StockLevel(sku, 500, 0, 1));
        reserve(Accounts.newSession(), sku, 100).statusCode(201);
    }

    @Test
    void aCustomerHoldsAtMostTheCapOfOneSkuAndOthersStillBuy() {
        String sku = Stocks.newProductWithStock(300);
        String hoarder = Accounts.newSession();
        String first = reserved(hoarder, sku, 60);
        reserved(hoarder, sku, 40);
        reserve(hoarder, sku, 1).statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("at most 100"));
        assertThat(rows.row(sku)).as("the refused one rolled back").isEqualTo(new StockLevel(sku, 200, 100, 3));

        reserved(Accounts.newSession(), sku, 100);                          // another customer is not held back
        reserved(hoarder, Stocks.newProductWithStock(5), 5);                // nor is the hoarder on another sku

        Accounts.as(hoarder).when().delete("/api/inventory/reservations/" + first).then().statusCode(204);
        reserved(hoarder, sku, 60);                                         // a cancelled hold no longer counts
        reserve(hoarder, sku, 1).statusCode(409);
    }

    @Test
    void theCapHoldsForReservationsSentAtOnce() throws Exception {
        String sku = Stocks.newProductWithStock(1_000);
        String hoarder = Accounts.newSession();
        List<Integer> statuses = Concurrently.runAtOnce(10, () -> reserve(hoarder, sku, 20).extract().statusCode());
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(5);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(5);
        assertThat(rows.row(sku).reserved()).isEqualTo(100);
    }

    @Test
    void aCustomerHoldsAtMostTheTotalCapOverAllSkusEvenWhenSentAtOnce() throws Exception {
        List<String> skus = List.of(Stocks.newProductWithStock(100), Stocks.newProductWithStock(100),
                Stocks.newProductWithStock(100), Stocks.newProductWithStock(100), Stocks.newProductWithStock(100));
        String hoarder = Accounts.newSession();
        AtomicInteger next = new AtomicInteger();
        List<Integer> statuses = Concurrently.runAtOnce(skus.size(),
                () -> reserve(hoarder, skus.get(next.getAndIncrement()), 100).extract().statusCode());
        assertThat(statuses).as("300 units in all by default: three skus at their cap").containsOnly(201, 409);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(3);
        assertThat(skus.stream().mapToInt(rows::activelyReserved).sum()).isEqualTo(300);
        assertThat(skus.stream().mapToInt(sku -> rows.row(sku).reserved()).sum())
                .as("the refused ones rolled back their stock change").isEqualTo(300);

        String unheld = skus.stream().filter(sku -> rows.activelyReserved(sku) == 0).findFirst().orElseThrow();
        reserve(hoarder, unheld, 1).statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("inventory.reservation-max-held-total"));
        reserved(Accounts.newSession(), unheld, 100);                       // another customer is not held back
    }

    @Test
    void anotherUsersReservationIs404ButAnAdminSeesAndCancelsIt() {
        String sku = Stocks.newProductWithStock(5);
        String owner = Accounts.newSession();
        String stranger = Accounts.newSession();
        String id = reserved(owner, sku, 2);

        Accounts.as(stranger).when().get("/api/inventory/reservations/" + id).then().statusCode(404).contentType(PROBLEM);
        Accounts.as(stranger).when().delete("/api/inventory/reservations/" + id).then().statusCode(404);
        confirm(stranger, id).statusCode(404);
        assertThat(rows.row(sku)).as("the stranger changed nothing").isEqualTo(new StockLevel(sku, 3, 2, 2));
        given().when().get("/api/inventory/reservations/" + id).then().statusCode(401);

        Accounts.as(owner).when().get("/api/inventory/reservations/" + id).then().statusCode(200).body("id", equalTo(id));
        Accounts.asAdmin().when().get("/api/inventory/reservations/" + id).then().statusCode(200);
        Accounts.asAdmin().when().delete("/api/inventory/reservations/" + id).then().statusCode(204);
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 5, 0, 3));
    }

    @Test
    void theListHoldsTheCallersOwnReservationsNewestFirstInPages() {
        String sku = Stocks.newProductWithStock(10);
        String mine = Accounts.newSession();
        String first = reserved(mine, sku, 1);
        String second = reserved(mine, sku, 1);
        String third = reserved(mine, sku, 1);
        reserved(Accounts.newSession(), sku, 1);                                 // someone else's

        Accounts.as(mine).when().get("/api/inventory/reservations?size=2")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of(third, second)))
                .body("totalItems", equalTo(3)).body("totalPages", equalTo(2));
        Accounts.as(mine).when().get("/api/inventory/reservations?page=1&size=2")
                .then().statusCode(200).body("items.id", equalTo(List.of(first)));
        Accounts.as(mine).when().get("/api/inventory/reservations?size=0").then().statusCode(400).contentType(PROBLEM);
        given().when().get("/api/inventory/reservations").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void confirmingSellsTheUnitsOnceAndCannotBeUndone() {
        String sku = Stocks.newProductWithStock(5);
        String buyer = Accounts.newSession();
        String id = reserved(buyer, sku, 2);

        confirm(buyer, id).statusCode(200).body("status", equalTo("CONFIRMED")).body("confirmedAt", notNullValue());
        StockLevel sold = new StockLevel(sku, 3, 0, 3);                  // the 2 units left reserved for good
        assertThat(rows.row(sku)).isEqualTo(sold);
        assertThat(redis.hgetall(keys.stock(sku))).as("written through like any stock change")
                .isEqualTo(Map.of("available", "3", "reserved", "0", "version", "3"));

        confirm(buyer, id).statusCode(200).body("status", equalTo("CONFIRMED"));
        Accounts.as(buyer).when().delete("/api/inventory/reservations/" + id)
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("confirmed"));
        assertThat(rows.row(sku)).as("a second confirm and a cancel changed nothing").isEqualTo(sold);
    }

    @Test
    void aCancelledOrExpiredReservationCannotBeConfirmed() {
        String sku = Stocks.newProductWithStock(5);
        String buyer = Accounts.newSession();
        String cancelled = reserved(buyer, sku, 1);
        Accounts.as(buyer).when().delete("/api/inventory/reservations/" + cancelled).then().statusCode(204);
        confirm(buyer, cancelled).statusCode(409).contentType(PROBLEM).body("detail", containsString("cancelled"));

        String late = reserved(buyer, sku, 1);
        rows.expireHold(late);
        confirm(buyer, late).statusCode(409).contentType(PROBLEM).body("detail", containsString("expired"));
    }

    @Test
    void theSweepExpiresAHoldAndReturnsItsUnitsToStockAndRedis() {
        String sku = Stocks.newProductWithStock(5);
        String buyer = Accounts.newSession();
        String id = reserved(buyer, sku, 3);
        String kept = reserved(buyer, sku, 1);
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 1, 4, 3));

        rows.expireHold(id);
        assertThat(scheduler.getScheduledJob(ReservationSweep.IDENTITY)).as("scheduled in every instance").isNotNull();
        sweep.sweep();                                   // what the scheduler runs every inventory.reservation-sweep-interval
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 4, 1, 4));

        Accounts.as(buyer).when().get("/api/inventory/reservations/" + id)
                .then().statusCode(200).body("status", equalTo("EXPIRED")).body("releasedAt", notNullValue());
        Accounts.as(buyer).when().get("/api/inventory/reservations/" + kept).then().body("status", equalTo("HELD"));
        assertThat(redis.hgetall(keys.stock(sku))).isEqualTo(Map.of("available", "4", "reserved", "1", "version", "4"));
        given().when().get("/api/inventory/" + sku).then().header("X-Cache", "HIT").body("available", equalTo(4));
        Accounts.as(buyer).when().delete("/api/inventory/reservations/" + id).then().statusCode(204);
        assertThat(rows.row(sku)).as("cancelling an expired hold returns nothing twice")
                .isEqualTo(new StockLevel(sku, 4, 1, 4));
    }
}
