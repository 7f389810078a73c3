package org.acme.shop.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Users for tests: customers registered with unique emails, and the admin that start-up creates from
 * {@code %test.shop.admin.*}. Everything goes through the API.
 */
public final class Accounts {

    public static final String PASSWORD = "correct horse battery";

    /**
     * One admin login per session store, for the whole JVM: logging in costs a bcrypt check, and nearly every test
     * writes as the admin. Keyed by the sessions' Redis, because a test profile may keep sessions on another server.
     */
    private static final Map<String, String> ADMIN_TOKENS = new ConcurrentHashMap<>();
    private static final Map<String, String> CUSTOMER_TOKENS = new ConcurrentHashMap<>();

    private Accounts() {
    }

    public static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.org";
    }

    public static long register(String email) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "displayName", "Ada"))
                .when().post("/api/users")
                .then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    /**
     * Registers a new user in a request that carries {@code X-Forwarded-For: forwardedFor}, as one sent through
     * proxies would, and returns the answer as it is (a test of the rate limits expects a {@code 429} too).
     */
    public static Response registerForwardedFor(String forwardedFor) {
        return given().header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body(Map.of("email", uniqueEmail(), "password", PASSWORD, "displayName", "Ada"))
                .post("/api/users");
    }

    public static String login(String email) {
        return login(email, PASSWORD);
    }

    public static String login(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .when().post("/api/sessions")
                .then().statusCode(201)
                .extract().jsonPath().getString("token");
    }

    /** Registers a new customer and returns a session token of theirs. */
    public static String newSession() {
        String email = uniqueEmail();
        register(email);
        return login(email);
    }

    public static String adminEmail() {
        return ConfigProvider.getConfig().getValue("shop.admin.email", String.class);
    }

    public static String adminPassword() {
        return ConfigProvider.getConfig().getValue("shop.admin.password", String.class);
    }

    /** A session token of the configured admin, logged in once per session store. */
    public static String admin() {
        String sessionStore = ConfigProvider.getConfig().getValue("quarkus.redis.sessions.hosts", String.class);
        return ADMIN_TOKENS.computeIfAbsent(sessionStore, store -> login(adminEmail(), adminPassword()));
    }

    /**
     * A session token of one customer shared by the tests of a session store, for tests that need "a signed-in
     * buyer" and nothing about who it is. Tests about ownership register customers of their own.
     */
    public static String customer() {
        String sessionStore = ConfigProvider.getConfig().getValue("quarkus.redis.sessions.hosts", String.class);
        return CUSTOMER_TOKENS.computeIfAbsent(sessionStore, store -> newSession());
    }

    /**
     * Forgets every session token held here: the next {@link #admin()} and {@link #customer()} log in again. For a
     * Redis that starts empty ({@link PrivateRedis#startServer()} calls it then), where the held sessions are gone.
     */
    public static void forgetSessions() {
        ADMIN_TOKENS.clear();
        CUSTOMER_TOKENS.clear();
    }

    public static RequestSpecification asCustomer() {
        return given().auth().oauth2(customer());
    }

    /** A request sent as the admin: {@code asAdmin().body(…).put(…)}. */
    public static RequestSpecification asAdmin() {
        return given().auth().oauth2(admin());
    }

    /** A request sent with a session token. */
    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }
}
