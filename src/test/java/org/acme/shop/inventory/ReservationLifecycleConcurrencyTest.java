package org.acme.shop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.http.problem.Conflict;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reservation life cycle under real concurrency: threads released together reserve, cancel, confirm, let holds
 * run out and sweep, on one sku, while the scheduled sweep runs too. Afterwards PostgreSQL must account for every
 * unit exactly once: {@code available + reserved + confirmed = stock}, {@code reserved = HELD}, nothing negative,
 * and the Redis HASH equal to the row.
 */
@QuarkusTest
@Tag("redis")
class ReservationLifecycleConcurrencyTest {

    private static final int STOCK = 60;

    @Inject
    StockWriteThrough stock;

    @Inject
    StockRows rows;

    @Inject
    TestRedis redis;

    @Inject
    InventoryKeys keys;

    @Test
    void mixedReservesCancelsConfirmsAndExpiriesLoseAndDoubleCountNoUnit() throws Exception {
        String sku = Stocks.newProductWithStock(STOCK);
        List<Long> users = List.of(Accounts.register(Accounts.uniqueEmail()), Accounts.register(Accounts.uniqueEmail()));
        int clients = 12;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> reservedUnits = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                InventoryService.Caller caller = new InventoryService.Caller(users.get(c % users.size()), false);
                reservedUnits.add(pool.submit(() -> {
                    start.await();
                    return client(sku, caller);
                }));
            }
            start.countDown();
            int units = 0;
            for (Future<Integer> future : reservedUnits) {
                units += future.get();                              // any unexpected exception fails the test here
            }

            StockLevel row = rows.row(sku);
            int held = rows.unitsIn(sku, "HELD");
            int confirmed = rows.unitsIn(sku, "CONFIRMED");
            int returned = rows.unitsIn(sku, "CANCELLED") + rows.unitsIn(sku, "EXPIRED");
            assertThat(row.available()).isNotNegative();
            assertThat(row.reserved()).as("reserved is the sum of the HELD reservations").isEqualTo(held);
            assertThat(row.available() + row.reserved() + confirmed).as("every unit is somewhere, once")
                    .isEqualTo(STOCK);
            assertThat(held + confirmed + returned).as("every unit a client was granted is in one reservation")
                    .isEqualTo(units);
            assertThat(rows.unitsIn(sku, "EXPIRED")).as("the test did expire holds").isPositive();
            assertThat(confirmed).as("the test did confirm some").isPositive();
            assertThat(redis.hgetall(keys.stock(sku))).as("the Redis HASH equals the row").isEqualTo(Map.of(
                    "available", String.valueOf(row.available()),
                    "reserved", String.valueOf(row.reserved()),
                    "version", String.valueOf(row.version())));
        }
    }

    /** One client's random walk through the life cycle; returns the units it was granted. */
    private int client(String sku, InventoryService.Caller caller) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<UUID> mine = new ArrayList<>();
        int granted = 0;
        for (int i = 0; i < 40; i++) {
            int choice = random.nextInt(20);
            UUID any = mine.isEmpty() ? null : mine.get(random.nextInt(mine.size()));
            try {
                if (choice < 9 || any == null) {
                    int quantity = 1 + random.nextInt(3);
                    mine.add(stock.reserve(sku, quantity, caller.userId()).id());
                    granted += quantity;
                } else if (choice < 12) {
                    stock.cancel(any, caller);
                } else if (choice < 15) {
                    stock.confirm(any, caller);
                } else if (choice < 18) {
                    rows.expireHold(any.toString());                 // its hold runs out now…
                } else {
                    stock.expireDue(50);                             // …and a sweep, here or scheduled, returns it
                }
            } catch (Conflict expected) {
                // sold out, cancelling a confirmed one, confirming a cancelled or expired one: all legitimate answers
            }
        }
        return granted;
    }
}
