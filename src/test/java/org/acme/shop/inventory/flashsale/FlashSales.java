package org.acme.shop.inventory.flashsale;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.acme.shop.testing.Accounts;

/** Arranges flash-sale tests through the public API. */
final class FlashSales {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private FlashSales() {
    }

    static ValidatableResponse start(String sku, int quantity, int perUserLimit) {
        return Accounts.asAdmin().contentType(ContentType.JSON)
                .body(Map.of("quantity", quantity, "perUserLimit", perUserLimit,
                        "endsAt", OffsetDateTime.now().plusHours(1).toString()))
                .when().put("/api/inventory/" + sku + "/flash-sale")
                .then();
    }

    static ValidatableResponse end(String sku) {
        return Accounts.asAdmin().when().delete("/api/inventory/" + sku + "/flash-sale").then();
    }

    /** A reservation request sent with java.net.http, for the concurrent tests; {@code key} may be null. */
    static HttpResponse<String> reserve(URI inventory, String token, String sku, int quantity, String key)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(inventory.resolve(sku + "/reservations"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":" + quantity + "}"));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Like {@link #reserve}, but sends again after a {@code 503} (as a client told Retry-After would), up to 20 times,
     * with the same Idempotency-Key: on a loaded 2-core machine a command can outlast the client's 500 ms timeout
     * after Redis ran it, and only the key tells the retry that its unit was taken already.
     */
    static HttpResponse<String> reserveRetrying(URI inventory, String token, String sku, int quantity, String key)
            throws Exception {
        HttpResponse<String> response = reserve(inventory, token, sku, quantity, key);
        for (int attempt = 1; attempt < 20 && response.statusCode() == 503; attempt++) {
            response = reserve(inventory, token, sku, quantity, key);
        }
        return response;
    }
}
