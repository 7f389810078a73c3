package org.acme.shop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * No oversell and no stale stock under real concurrency: many threads released at once by a latch, each sending real
 * HTTP requests, then PostgreSQL, the Redis HASH and the API are compared.
 */
@QuarkusTest
@Tag("redis")
class ConcurrentStockTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/inventory/")
    URI inventory;

    @Inject
    StockRows rows;

    @Inject
    TestRedis redis;

    @Inject
    InventoryKeys keys;

    @Inject
    MeterRegistry registry;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void fiftyBuyersForTwentyUnitsGetExactlyTwentyReservations() throws Exception {
        String sku = Stocks.newProductWithStock(20);
        double accepted = count("accepted");
        double rejected = count("rejected");
        double failedWrites = failedCacheWrites();

        List<Integer> statuses = Concurrently.runAtOnce(50, () -> reserve(sku, 1).statusCode());

        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(20);
        assertThat(statuses.stream().filter(s -> s == 409)).hasSize(30);
        assertThat(count("accepted") - accepted).isEqualTo(20);
        assertThat(count("rejected") - rejected).isEqualTo(30);

        StockLevel expected = new StockLevel(sku, 0, 20, 21);       // version 1 from the PUT, +1 per reservation
        assertThat(rows.row(sku)).as("PostgreSQL").isEqualTo(expected);
        assertThat(rows.activelyReserved(sku)).isEqualTo(20);
        assertThat(redis.hgetall(keys.stock(sku)))
                .as("the Redis HASH (cache writes that failed: %s)", failedCacheWrites() - failedWrites)
                .isEqualTo(Map.of("available", "0", "reserved", "20", "version", "21"));
        assertThat(RestAssured.given().when().get("/api/inventory/" + sku).then().statusCode(200)
                .header("X-Cache", "HIT").extract().as(StockLevel.class)).as("GET").isEqualTo(expected);
    }

    /** What one client of the interleaved test saw: the versions its restocks committed, and its changes in all. */
    private record Outcome(List<Long> restockVersions, int changes) {
    }

    @Test
    void interleavedRestocksReservationsAndReleasesLeaveTheHashEqualToTheRow() throws Exception {
        String sku = Stocks.newProductWithStock(30);
        double failedWrites = failedCacheWrites();

        // Each client restocks, reserves and releases its own reservations in a random order, so writers commit and
        // reach Redis in every possible order. Every change adds one to the version; the cache must end on the last.
        List<Outcome> outcomes = Concurrently.runAtOnce(16, () -> {
            List<Long> versions = new ArrayList<>();
            int changes = 0;
            Deque<String> mine = new ArrayDeque<>();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 25; i++) {
                int choice = random.nextInt(10);
                if (choice < 2) {
                    HttpResponse<String> put = send(HttpRequest.newBuilder(inventory.resolve(sku))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"available\":" + random.nextInt(40) + "}")));
                    assertThat(put.statusCode()).isEqualTo(200);
                    versions.add(JSON.readTree(put.body()).get("version").asLong());
                    changes++;
                } else if (choice < 4 && !mine.isEmpty()) {
                    HttpResponse<String> released = send(HttpRequest.newBuilder(
                            inventory.resolve("reservations/" + mine.pop())).DELETE());
                    assertThat(released.statusCode()).isEqualTo(204);
                    changes++;
                } else {
                    HttpResponse<String> reserved = reserve(sku, 1 + random.nextInt(3));
                    assertThat(reserved.statusCode()).isIn(201, 409);
                    if (reserved.statusCode() == 201) {
                        mine.push(JSON.readTree(reserved.body()).get("id").asText());
                        changes++;
                    }
                }
            }
            return new Outcome(versions, changes);
        });

        StockLevel row = rows.row(sku);
        int changes = outcomes.stream().mapToInt(Outcome::changes).sum();
        assertThat(row.version()).as("one version per committed change").isEqualTo(1 + changes);
        assertThat(outcomes.stream().flatMap(o -> o.restockVersions().stream()))
                .as("no two restocks committed the same version").doesNotHaveDuplicates();
        assertThat(row.available()).isNotNegative();
        assertThat(row.reserved()).as("reserved equals the active reservations").isEqualTo(rows.activelyReserved(sku));

        assertThat(redis.hgetall(keys.stock(sku)))
                .as("the Redis HASH equals the row (cache writes that failed: %s)", failedCacheWrites() - failedWrites)
                .isEqualTo(Map.of(
                "available", String.valueOf(row.available()),
                "reserved", String.valueOf(row.reserved()),
                "version", String.valueOf(row.version())));
        assertThat(RestAssured.given().when().get("/api/inventory/" + sku).then().statusCode(200)
                .header("X-Cache", "HIT").extract().as(StockLevel.class)).isEqualTo(row);
    }

    @Test
    void tenConcurrentReleasesOfOneReservationReturnItsStockOnce() throws Exception {
        String sku = Stocks.newProductWithStock(10);
        String id = Stocks.reserved(sku, 3);

        List<Integer> statuses = Concurrently.runAtOnce(10, () -> send(HttpRequest.newBuilder(
                inventory.resolve("reservations/" + id)).DELETE()).statusCode());

        assertThat(statuses).containsOnly(204);
        StockLevel expected = new StockLevel(sku, 10, 0, 3);         // PUT, reservation, one release
        assertThat(rows.row(sku)).isEqualTo(expected);
        assertThat(redis.hgetall(keys.stock(sku))).isEqualTo(Map.of("available", "10", "reserved", "0", "version", "3"));
    }

    private HttpResponse<String> reserve(String sku, int quantity) throws Exception {
        return send(HttpRequest.newBuilder(inventory.resolve(sku + "/reservations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":" + quantity + "}")));
    }

    /** Sends as the admin, who may restock and reserve. */
    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + Accounts.admin()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double count(String result) {
        return registry.counter("inventory.reservations", "result", result).count();
    }

    /** A write-through that timed out on a starved machine deletes the key; the message then says so. */
    private double failedCacheWrites() {
        return registry.counter("inventory.cache.writes", "result", "failed").count();
    }
}
