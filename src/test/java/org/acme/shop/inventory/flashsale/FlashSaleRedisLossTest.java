package org.acme.shop.inventory.flashsale;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
import org.acme.shop.inventory.Stocks;
import org.acme.shop.inventory.flashsale.writer.FlashSaleWriter;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.OnTwoPrivateRedis;
import org.acme.shop.testing.PrivateRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The loss of the state role's Redis in the middle of a sale: its server ({@link OnTwoPrivateRedis}) comes back empty,
 * as one that keeps nothing on disk does (or one whose disk was lost).
 * The sale pauses (503 with Retry-After) until the writer rebuilds the gate from PostgreSQL, and no unit is sold twice.
 * What is lost is stated in docs/flash-sale.md: the reservations accepted and not yet written.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(OnTwoPrivateRedis.class)
class FlashSaleRedisLossTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/inventory/")
    URI inventory;

    @Inject
    FlashSaleWriter writer;

    @Inject
    FlashSaleRows sales;

    @Test
    void anEmptyRedisPausesTheSaleUntilTheGateIsRebuiltAndNothingIsSoldTwice() throws Exception {
        String sku = Stocks.newProductWithStock(10);
        FlashSales.start(sku, 10, 100).statusCode(200);
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        String buyer = Accounts.login(email);
        for (int i = 0; i < 3; i++) {
            assertThat(FlashSales.reserve(inventory, buyer, sku, 1, null).statusCode()).isEqualTo(202);
        }
        writer.pass();                                                   // 3 in PostgreSQL
        List<String> unwritten = List.of(id(FlashSales.reserve(inventory, buyer, sku, 1, null)),
                id(FlashSales.reserve(inventory, buyer, sku, 1, null)));  // 2 accepted, on the stream only

        PrivateRedis.state().stopServer();
        PrivateRedis.state().startServerEmpty();                                 // gate, stream and sessions are gone
        buyer = Accounts.login(email);
        String admin = Accounts.login(Accounts.adminEmail(), Accounts.adminPassword());

        HttpResponse<String> paused = FlashSales.reserve(inventory, buyer, sku, 1, null);
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(503);
        assertThat(paused.headers().firstValue("Retry-After")).isPresent();

        writer.pass();                                                   // rebuilds: 10 - 3 in PostgreSQL
        given().when().get("/api/inventory/" + sku).then().statusCode(200).body("flashSale.remaining", equalTo(7));
        String token = buyer;
        List<HttpResponse<String>> answers = Concurrently.runAtOnce(20, () -> FlashSales.reserveRetrying(inventory,
                token, sku, 1, UUID.randomUUID().toString()));
        assertThat(answers.stream().filter(a -> a.statusCode() == 202)).hasSize(7);

        writer.pass();
        assertThat(sales.unitsReserved(sku)).as("never more than the sale").isEqualTo(10);
        assertThat(sales.reservationIds(sku)).as("accepted, not yet written, lost with Redis")
                .doesNotContainAnyElementsOf(unwritten);
        given().auth().oauth2(admin).when().delete("/api/inventory/" + sku + "/flash-sale").then().statusCode(200)
                .body("available", equalTo(0)).body("reserved", equalTo(10));
    }

    private static String id(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asText();
    }
}
