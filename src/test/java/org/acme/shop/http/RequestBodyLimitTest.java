package org.acme.shop.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Products;
import org.junit.jupiter.api.Test;

/**
 * A request body past {@code quarkus.http.limits.max-body-size} (64 KiB, four times the largest body the API takes)
 * is a {@code 413}: with a problem body when its {@code Content-Length} announces it, bare when it comes in chunks; the
 * largest legitimate body, a product with every text field full of escaped characters, still passes.
 */
@QuarkusTest
class RequestBodyLimitTest {

    private static final int LIMIT = 64 * 1024;

    @TestHTTPResource("/api/users")
    URI users;

    /** A JSON body of exactly {@code size} bytes: a registration padded with a field the API ignores. */
    private static byte[] body(int size) {
        String head = "{\"email\":\"" + Accounts.uniqueEmail() + "\",\"password\":\"" + Accounts.PASSWORD
                + "\",\"displayName\":\"Ada\",\"padding\":\"";
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'p');
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, bytes, 0, start.length);
        bytes[size - 2] = '"';
        bytes[size - 1] = '}';
        return bytes;
    }

    @Test
    void aBodyPastTheLimitIsA413ProblemAndCreatesNothing() {
        byte[] body = body(LIMIT + 1);
        String email = new String(body, StandardCharsets.UTF_8).split("\"")[3];
        Response response = given().contentType(ContentType.JSON).body(body).when().post("/api/users");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("detail")).contains(String.valueOf(LIMIT));
        Accounts.register(email);                                       // the email is free: nothing was stored
    }

    /**
     * Without a length the body is counted as it is read: a bare 413 (Quarkus writes it), never a 500. Just past the
     * limit: the whole body fits in the sockets' buffers, so the client has sent it all before the server answers and
     * closes (with megabytes, the close could reset the connection before the client read the answer).
     */
    @Test
    void aChunkedBodyPastTheLimitIsA413() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(users).version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body(LIMIT + 1024))))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Connection")).hasValue("close");
    }

    @Test
    void aBodyJustUnderTheLimitAndTheLargestProductPass() {
        given().contentType(ContentType.JSON).body(body(LIMIT)).when().post("/api/users").then().statusCode(201);
        String escaped = "\\u20ac";                                   // "€" as JSON escapes it: 6 bytes a character
        String product = "{\"sku\":\"" + Products.uniqueSku() + "\",\"name\":\"" + escaped.repeat(200)
                + "\",\"description\":\"" + escaped.repeat(2000) + "\",\"price\":\"19.99\",\"category\":\""
                + escaped.repeat(100) + "\"}";
        assertThat(product.length()).as("about the largest body the API takes").isBetween(13_000, LIMIT / 4);
        Accounts.asAdmin().contentType(ContentType.JSON).body(product).when().post("/api/products")
                .then().statusCode(201);
    }
}
