package org.acme.shop.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.OnAPrivateRedis;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.SqlCounter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sessions' Redis goes away (a server of the test's own, stopped): every call that needs a session, and the
 * login, answers {@code 503} with {@code Retry-After} and a problem body, quickly, and never a {@code 500} or a
 * {@code 401}, which would tell a signed-in user that their session is gone. The login answers so before it reads the
 * password: a wrong and a right one get the same answer, so the outage is no password oracle. A registration answers
 * {@code 503} too, before it writes anything: its limit cannot be counted.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(OnAPrivateRedis.class)
class SessionsWithoutRedisTest {

    private static final Duration QUICKLY = Duration.ofSeconds(1);

    private static final String REFUSED =
            "rate_limit_checks_total{limit=\"login-per-address\",result=\"unavailable\"}";

    @Inject
    SqlCounter sql;

    private static Response login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/api/sessions");
    }

    @Test
    void withoutRedisALoginIsRefusedBeforeThePasswordIsChecked() {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);

        PrivateRedis.state().stopServer();
        Response wrong;
        Response right;
        double refused = Metrics.value(REFUSED);
        long statements = sql.statements();
        try {
            wrong = login(email, "not the password at all");
            right = login(email, Accounts.PASSWORD);
        } finally {
            PrivateRedis.state().startServer();
        }
        assertThat(sql.statements() - statements).as("no user was read, no password checked").isZero();
        assertThat(Metrics.value(REFUSED) - refused).isEqualTo(2);
        for (Response response : List.of(wrong, right)) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.header("Retry-After")).isEqualTo("5");
            assertThat(response.header("Set-Cookie")).isNull();
        }
        assertThat(right.asString()).as("the same answer for both").isEqualTo(wrong.asString());

        login(email, "not the password at all").then().statusCode(401);    // Redis is back: logins work again
        login(email, Accounts.PASSWORD).then().statusCode(201);
    }

    @Test
    void withoutRedisARegistrationIsRefusedAndCreatesNoAccount() {
        String email = Accounts.uniqueEmail();
        Map<String, String> body = Map.of("email", email, "password", Accounts.PASSWORD, "displayName", "Ada");
        double refused = Metrics.value(
                "rate_limit_checks_total{limit=\"registrations-per-address\",result=\"unavailable\"}");
        PrivateRedis.state().stopServer();
        Response response;
        long statements = sql.statements();
        try {
            response = given().contentType(ContentType.JSON).body(body).post("/api/users");
        } finally {
            PrivateRedis.state().startServer();
        }
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(sql.statements() - statements).as("no account was written").isZero();
        assertThat(Metrics.value(
                "rate_limit_checks_total{limit=\"registrations-per-address\",result=\"unavailable\"}") - refused)
                .isEqualTo(1);

        PrivateRedis.awaitInUse();
        given().contentType(ContentType.JSON).body(body).post("/api/users")
                .then().statusCode(201);                                  // not 409: nothing was created before
    }

    @Test
    void everyCallThatNeedsASessionAnswers503WithinASecond() {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        String token = Accounts.login(email);
        Accounts.as(token).when().get("/api/users/me").then().statusCode(200);

        Map<String, Supplier<Response>> calls = new LinkedHashMap<>();
        calls.put("GET /api/users/me", () -> Accounts.as(token).get("/api/users/me"));
        calls.put("PATCH /api/users/me", () -> Accounts.as(token).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Ada")).patch("/api/users/me"));
        calls.put("GET /api/cart", () -> Accounts.as(token).get("/api/cart"));
        calls.put("PUT /api/cart/items/11", () -> Accounts.as(token).contentType(ContentType.JSON)
                .body(Map.of("quantity", 1)).put("/api/cart/items/11"));
        calls.put("DELETE /api/cart/items/11", () -> Accounts.as(token).delete("/api/cart/items/11"));
        calls.put("POST /api/inventory/KIT-0042/reservations", () -> Accounts.as(token).contentType(ContentType.JSON)
                .body(Map.of("quantity", 1)).post("/api/inventory/KIT-0042/reservations"));
        calls.put("GET /api/inventory/reservations", () -> Accounts.as(token).get("/api/inventory/reservations"));
        calls.put("DELETE /api/sessions/current", () -> Accounts.as(token).delete("/api/sessions/current"));
        calls.put("DELETE /api/sessions", () -> Accounts.as(token).delete("/api/sessions"));
        calls.put("POST /api/sessions", () -> given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD)).post("/api/sessions"));

        PrivateRedis.state().stopServer();
        try {
            calls.forEach((call, request) -> {
                long start = System.nanoTime();
                Response response = request.get();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(response.statusCode()).as("%s: %s", call, response.asString()).isEqualTo(503);
                assertThat(response.contentType()).as(call).startsWith("application/problem+json");
                assertThat(response.header("Retry-After")).as(call).isEqualTo("5");
                assertThat(took).as(call).isLessThan(QUICKLY);
            });
        } finally {
            PrivateRedis.state().startServer();
        }
        // Redis came back empty, the state role's circuit closes: a new session works at once.
        PrivateRedis.awaitInUse();
        Accounts.as(Accounts.login(email)).when().get("/api/users/me").then().statusCode(200);
    }
}
