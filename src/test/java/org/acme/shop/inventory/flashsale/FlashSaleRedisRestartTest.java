package org.acme.shop.inventory.flashsale;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.inventory.StockRows;
import org.acme.shop.inventory.Stocks;
import org.acme.shop.inventory.flashsale.writer.FlashSaleWriter;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.OnTwoPrivateRedis;
import org.acme.shop.testing.PrivateRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The state role's Redis restarted in the middle of a sale, as the deployment files run it
 * ({@link OnTwoPrivateRedis}): a server of its own with an append-only file ({@code appendfsync always}), holding the
 * gate, the stream and the sessions, beside the cache's. While it is down the sale answers 503 with Retry-After and
 * stock is still read through the cache; it comes back with every acknowledged write, after a clean stop or a
 * {@code kill -9}, and the units sold in the end are exactly the sale's, in PostgreSQL.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(OnTwoPrivateRedis.class)
class FlashSaleRedisRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFUSED = "flash_sale_writes_total{result=\"refused\"}";

    @TestHTTPResource("/api/inventory/")
    URI inventory;

    @Inject
    FlashSaleWriter writer;

    @Inject
    FlashSaleRows sales;

    @Inject
    StockRows rows;

    @Test
    void aRestartMidSaleSellsExactlyTheSaleAndLosesNothingAccepted() throws Exception {
        String sku = Stocks.newProductWithStock(30);
        FlashSales.start(sku, 20, 100).statusCode(200);
        String buyer = Accounts.newSession();
        for (int i = 0; i < 5; i++) {
            assertThat(FlashSales.reserve(inventory, buyer, sku, 1, null).statusCode()).isEqualTo(202);
        }
        writer.pass();                                                   // 5 in PostgreSQL
        for (int i = 0; i < 5; i++) {
            assertThat(FlashSales.reserve(inventory, buyer, sku, 1, null).statusCode()).isEqualTo(202);
        }                                                                // 5 on the stream only

        PrivateRedis.state().stopServer();
        try {
            HttpResponse<String> down = FlashSales.reserve(inventory, buyer, sku, 1, null);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).isPresent();
            writer.pass();                                               // fails quietly, writes nothing
            // The cache's Redis is another server: it still answers the stock read, with PostgreSQL's figure.
            given().when().get("/api/inventory/" + sku).then().statusCode(200)
                    .header("X-Cache", anyOf(equalTo("HIT"), equalTo("MISS"))).body("available", equalTo(10));
        } finally {
            PrivateRedis.state().startServer();
        }

        List<HttpResponse<String>> answers = Concurrently.runAtOnce(30, () -> FlashSales.reserveRetrying(inventory,
                buyer, sku, 1, UUID.randomUUID().toString()));
        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(202, 409);
        assertThat(answers.stream().filter(a -> a.statusCode() == 202)).as("the 10 units left").hasSize(10);

        writer.pass();
        assertThat(sales.unitsReserved(sku)).as("every accepted reservation, none twice").isEqualTo(20);
        assertThat(sales.sale(sku).taken()).isEqualTo(20);
        assertThat(rows.row(sku).reserved()).isEqualTo(20);
        FlashSales.end(sku).statusCode(200).body("available", equalTo(10)).body("reserved", equalTo(20));
    }

    /**
     * The promise of a 202: the reservation is in the append-only file before the answer leaves Redis. Three buyers
     * send sixty reservations at once and get 202s; right after the last one, redis-server gets {@code SIGKILL}.
     * Restarted on its directory, it has every accepted reservation on the stream, and the writer brings each one to
     * PostgreSQL: none lost, and none acknowledged without a row ({@code result="refused"}). Without the append-only
     * file it goes red.
     * A kill of the process cannot tell {@code always} from {@code everysec}: Redis writes the file before it replies
     * in both, and the kernel keeps what was written; {@code always} adds the fsync that a crash of the machine needs
     * (docs/flash-sale.md).
     */
    @Test
    void everyReservationAnswered202ReachesPostgresAfterRedisIsKilled() throws Exception {
        String sku = Stocks.newProductWithStock(100);
        FlashSales.start(sku, 80, 100).statusCode(200);
        List<String> buyers = List.of(Accounts.newSession(), Accounts.newSession(), Accounts.newSession());
        double refusedBefore = Metrics.value(REFUSED);

        List<HttpResponse<String>> answers = Concurrently.runAtOnce(60, () -> FlashSales.reserveRetrying(inventory,
                buyers.get((int) (Thread.currentThread().threadId() % buyers.size())), sku, 1,
                UUID.randomUUID().toString()));
        PrivateRedis.state().killServer();                                       // kill -9, right after the last answer

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(202);
        List<String> accepted = answers.stream().map(FlashSaleRedisRestartTest::id).toList();
        PrivateRedis.state().startServer();                                      // the same port and directory
        PrivateRedis.awaitInUse();
        writer.pass();

        assertThat(sales.reservationIds(sku)).as("every 202, in PostgreSQL")
                .containsExactlyInAnyOrderElementsOf(accepted);
        given().when().get("/api/inventory/" + sku).then().statusCode(200).body("flashSale.remaining", equalTo(20));
        assertThat(Metrics.value(REFUSED)).as("no entry acknowledged without a row").isEqualTo(refusedBefore);
        FlashSales.end(sku).statusCode(200).body("available", equalTo(40)).body("reserved", equalTo(60));
    }

    private static String id(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).get("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(response.body(), e);
        }
    }
}
