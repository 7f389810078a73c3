package org.acme.shop.inventory.flashsale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.acme.shop.testing.PackagedApp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The write-behind's promise against two packaged apps on the tests' PostgreSQL and Redis: the first one's writer
 * reads entries of the sale and is killed with {@code kill -9} before it writes them (it is told to stall between the
 * read and the commit), while the other entries wait undelivered; the second one's writer takes them over with {@code XAUTOCLAIM} once they have been idle for
 * {@code inventory.flash-sale.claim-idle}, and every reservation the first one accepted reaches PostgreSQL, once.
 */
class FlashSaleWriterKillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN_EMAIL = "flash-sale-admin@example.org";
    private static final String ADMIN_PASSWORD = "local-flash-sale-test-only";      // a local value, not a secret

    @Test
    void entriesOfAKilledWriterAreTakenOverAndEveryAcceptedReservationReachesPostgres() throws Exception {
        Map<String, String> environment = PackagedApp.testServers();
        environment.put("SHOP_ADMIN_EMAIL", ADMIN_EMAIL);
        environment.put("SHOP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        environment.put("INVENTORY_FLASH_SALE_CLAIM_IDLE", "1s");
        environment.put("QUARKUS_LOG_CATEGORY__ORG_ACME_SHOP_INVENTORY__LEVEL", "DEBUG");   // in target/flash-sale-*.log
        environment = PackagedApp.withoutAddressLimits(environment);
        Map<String, String> stalling = new LinkedHashMap<>(environment);
        stalling.put("INVENTORY_FLASH_SALE_WRITER_STALL", "1h");

        String sku = "FLASH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        List<String> accepted = new ArrayList<>();
        PackagedApp first = PackagedApp.start("flash-sale-first", stalling);
        try {
            String admin = login(first, ADMIN_EMAIL, ADMIN_PASSWORD);
            send(first, admin, "POST", "/api/products", Map.of("sku", sku, "name", "Flash kettle", "price", 9.5,
                    "category", "Kitchen"), 201);
            send(first, admin, "PUT", "/api/inventory/" + sku, Map.of("available", 20), 200);
            send(first, admin, "PUT", "/api/inventory/" + sku + "/flash-sale", Map.of("quantity", 15,
                    "perUserLimit", 15, "endsAt", OffsetDateTime.now().plusHours(1).toString()), 200);
            String buyer = admin;                    // an admin may reserve too; a registration would meet its limit
            for (int i = 0; i < 10; i++) {
                accepted.add(send(first, buyer, "POST", "/api/inventory/" + sku + "/reservations",
                        Map.of("quantity", 1), 202).get("id").asText());
            }
            // Its writer took what was on the stream at its next pass and stalls on it; the rest stays undelivered.
            Awaitility.await("the first writer holds entries, delivered and unacknowledged")
                    .atMost(Duration.ofSeconds(20)).until(() -> pending(sku) > 0);
        } finally {
            first.kill();
        }
        assertThat(reservationsInPostgres(sku)).as("the killed writer wrote nothing").isZero();

        try (PackagedApp second = PackagedApp.start("flash-sale-second", environment)) {
            Awaitility.await("the second writer takes the entries over and writes them")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> reservationsInPostgres(sku) == 10 && pending(sku) == 0);
            assertThat(reservationIds(sku)).containsExactlyInAnyOrderElementsOf(accepted);
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(second.managementUri("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body().lines().filter(line -> line.startsWith("flash_sale_claimed_total ")))
                    .as("taken over with XAUTOCLAIM").singleElement().matches(line -> !line.endsWith(" 0.0"));
            String admin = login(second, ADMIN_EMAIL, ADMIN_PASSWORD);
            JsonNode stock = send(second, admin, "DELETE", "/api/inventory/" + sku + "/flash-sale", null, 200);
            assertThat(stock.get("available").asInt()).as("5 before the sale + 5 unsold").isEqualTo(10);
            assertThat(stock.get("reserved").asInt()).isEqualTo(10);
        }
    }

    private static String login(PackagedApp app, String email, String password) throws Exception {
        return send(app, null, "POST", "/api/sessions", Map.of("email", email, "password", password), 201)
                .get("token").asText();
    }

    private static JsonNode send(PackagedApp app, String token, String method, String path, Object body, int status)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(status);
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    /** XPENDING of the sale's stream, with the redis-cli of the machine (the test has no Redis client of its own). */
    private static long pending(String sku) throws IOException, InterruptedException {
        String stream = "shop:flashsale:{" + sku + "}:stream";
        Process cli = new ProcessBuilder("redis-cli", "-u", System.getenv("QUARKUS_REDIS_HOSTS"), "XPENDING", stream,
                "writers").redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        cli.waitFor();
        String first = out.lines().findFirst().orElse("0").trim();
        return first.matches("\\d+") ? Long.parseLong(first) : -1;
    }

    private static int reservationsInPostgres(String sku) throws Exception {
        return reservationIds(sku).size();
    }

    private static List<String> reservationIds(String sku) throws Exception {
        try (Connection connection = DriverManager.getConnection(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"),
                System.getenv("QUARKUS_DATASOURCE_USERNAME"), System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
                PreparedStatement statement = connection.prepareStatement(
                        "select id from reservation where sku = ? and flash_sale_id is not null")) {
            statement.setString(1, sku);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }
}
