package org.acme.shop.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.acme.shop.http.problem.TooManyRequests;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.CapturedLogs;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.Management;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The limits, against Redis (a server of the test's own, which one test stops): {@code 429} with {@code Retry-After}
 * and the draft's {@code RateLimit-Policy} and {@code RateLimit} fields past each limit, counters under the prefix
 * that expire with their window, and the writes limit failing open while Redis is away.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(LowLimits.class)
class RateLimitTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String FAILURES = "login-failures-per-email-and-address";

    @Inject
    TestRedis redis;

    @Inject
    RateLimitKeys keys;

    @Inject
    RateLimiter limiter;

    /** A client address of the test's own, sent through the (trusted) proxy header. */
    private static String newAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    private static RequestSpecification from(String address) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON);
    }

    private static Response register(String address, String email) {
        return from(address).body(Map.of("email", email, "password", Accounts.PASSWORD, "displayName", "Ada"))
                .post("/api/users");
    }

    private static Response login(String address, String email, String password) {
        return from(address).body(Map.of("email", email, "password", password)).post("/api/sessions");
    }

    private static void assertLimited(Response response, String policy, int quota, int windowSeconds) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(429);
        assertThat(response.contentType()).startsWith(PROBLEM);
        long retryAfter = Long.parseLong(response.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, (long) windowSeconds);
        assertThat(response.header("RateLimit-Policy"))
                .isEqualTo("\"" + policy + "\";q=" + quota + ";w=" + windowSeconds);
        assertThat(response.header("RateLimit")).isEqualTo("\"" + policy + "\";r=0;t=" + retryAfter);
    }

    @Test
    void failedLoginsPerEmailStopAtTheLimitAtThatAddressEvenWithTheRightPassword() {
        String email = Accounts.uniqueEmail();
        String address = newAddress();
        assertThat(register(newAddress(), email).statusCode()).isEqualTo(201);
        for (int i = 0; i < LowLimits.LOGIN_FAILURES; i++) {
            assertThat(login(address, email, "wrong password!").statusCode()).isEqualTo(401);
        }
        assertLimited(login(address, email, Accounts.PASSWORD), FAILURES, LowLimits.LOGIN_FAILURES, 60);

        String key = keys.rateLimit(FAILURES, RateLimiter.emailAtAddress(email.toUpperCase(Locale.ROOT), address));
        assertThat(key).startsWith(keys.prefix() + ":ratelimit:").doesNotContain(email).doesNotContain(address);
        assertThat(redis.get(key)).isEqualTo(String.valueOf(LowLimits.LOGIN_FAILURES + 1));
        assertThat(redis.pttl(key)).as("expires with its window").isBetween(1L, 60_000L);
    }

    @Test
    void failedLoginsAtOneAddressDoNotLockTheOwnerOutAtAnother() {
        String email = Accounts.uniqueEmail();
        assertThat(register(newAddress(), email).statusCode()).isEqualTo(201);
        String stranger = newAddress();
        for (int i = 0; i < LowLimits.LOGIN_FAILURES; i++) {
            assertThat(login(stranger, email, "wrong password!").statusCode()).isEqualTo(401);
        }
        assertLimited(login(stranger, email, Accounts.PASSWORD), FAILURES, LowLimits.LOGIN_FAILURES, 60);

        // The owner, elsewhere: a mistake counts, a right password does not, however often.
        String owner = newAddress();
        assertThat(login(owner, email, "a typo in it!").statusCode()).isEqualTo(401);
        for (int i = 0; i < LowLimits.LOGIN_FAILURES; i++) {
            assertThat(login(owner, email, Accounts.PASSWORD).statusCode()).isEqualTo(201);
        }
        assertThat(redis.get(keys.rateLimit(FAILURES, RateLimiter.emailAtAddress(email, owner)))).isEqualTo("1");
        assertThat(login(stranger, email, Accounts.PASSWORD).statusCode()).as("the stranger stays refused")
                .isEqualTo(429);
    }

    @Test
    void aBurstOfGuessesSentAtOnceGetsNoMoreThanTheLimit() throws Exception {
        String email = Accounts.uniqueEmail();
        assertThat(register(newAddress(), email).statusCode()).isEqualTo(201);
        String address = newAddress();
        List<Integer> statuses = Concurrently.runAtOnce(LowLimits.LOGIN_PER_ADDRESS,
                () -> login(address, email, "wrong password!").statusCode());
        assertThat(statuses).as("each attempt is counted before its password is checked")
                .filteredOn(status -> status == 401).hasSize(LowLimits.LOGIN_FAILURES);
        assertThat(statuses).filteredOn(status -> status == 429)
                .hasSize(LowLimits.LOGIN_PER_ADDRESS - LowLimits.LOGIN_FAILURES);
    }

    @Test
    void loginAttemptsPerAddressStopAtTheLimitWhateverTheEmail() {
        String address = newAddress();
        for (int i = 0; i < LowLimits.LOGIN_PER_ADDRESS; i++) {
            assertThat(login(address, Accounts.uniqueEmail(), Accounts.PASSWORD).statusCode()).isEqualTo(401);
        }
        assertLimited(login(address, Accounts.uniqueEmail(), Accounts.PASSWORD), "login-per-address",
                LowLimits.LOGIN_PER_ADDRESS, 900);
        assertThat(login(newAddress(), Accounts.uniqueEmail(), Accounts.PASSWORD).statusCode())
                .as("another address is another client").isEqualTo(401);
    }

    @Test
    void registrationsPerAddressStopAtTheLimit() {
        String address = newAddress();
        for (int i = 0; i < LowLimits.REGISTRATIONS_PER_ADDRESS; i++) {
            assertThat(register(address, Accounts.uniqueEmail()).statusCode()).isEqualTo(201);
        }
        assertLimited(register(address, Accounts.uniqueEmail()), "registrations-per-address",
                LowLimits.REGISTRATIONS_PER_ADDRESS, 3600);
    }

    @Test
    void writesAreCountedPerSignedInUserAndReadsAreNot() {
        String address = newAddress();
        String email = Accounts.uniqueEmail();
        assertThat(register(address, email).statusCode()).isEqualTo(201);
        String token = login(address, email, Accounts.PASSWORD).then().statusCode(201).extract().path("token");
        for (int i = 0; i < LowLimits.WRITES_PER_CLIENT; i++) {
            Accounts.as(token).contentType(ContentType.JSON).body(Map.of("quantity", 1))
                    .put("/api/cart/items/11").then().statusCode(200);
        }
        assertLimited(Accounts.as(token).contentType(ContentType.JSON).body(Map.of("quantity", 2))
                .put("/api/cart/items/11"), "writes-per-client", LowLimits.WRITES_PER_CLIENT, 60);
        Accounts.as(token).get("/api/cart").then().statusCode(200);
        for (int i = 0; i < 3 * LowLimits.WRITES_PER_CLIENT; i++) {
            Management.given().get("/q/health/live").then().statusCode(200);  // the management port: no limit there
        }
        // The same address, another user: the user is the client, not the address.
        String other = Accounts.uniqueEmail();
        assertThat(register(newAddress(), other).statusCode()).isEqualTo(201);
        String otherToken = login(address, other, Accounts.PASSWORD).then().statusCode(201).extract().path("token");
        Accounts.as(otherToken).contentType(ContentType.JSON).body(Map.of("quantity", 1))
                .put("/api/cart/items/11").then().statusCode(200);
    }

    /**
     * The writes limit, called as {@code WriteRateLimit} calls it, while its Redis is stopped: every check passes,
     * counted as unchecked, logged once; then, with Redis back, the limit applies again. (Through HTTP a write would
     * stop earlier, at its session, which lives on the same stopped server.) The login and registration limits fail
     * closed instead: {@code SessionsWithoutRedisTest}.
     */
    @Test
    void withoutRedisTheWritesLimitFailsOpenCountedAndLoggedOnce() {
        RateLimiter.Policy writes = limiter.writesPerClient();
        String client = "user " + Accounts.uniqueEmail();
        String metric = "rate_limit_checks_total{limit=\"writes-per-client\",result=\"unchecked\"}";
        double unchecked = Metrics.value(metric);
        PrivateRedis.state().stopServer();
        try (CapturedLogs logs = CapturedLogs.start()) {
            for (int i = 0; i < LowLimits.WRITES_PER_CLIENT + 2; i++) {
                limiter.check(writes, client);
            }
            assertThat(Metrics.value(metric) - unchecked).isEqualTo(LowLimits.WRITES_PER_CLIENT + 2);
            assertThat(logs.lines()).filteredOn(line -> line.contains("Rate limits are not applied")).hasSize(1);
        } finally {
            PrivateRedis.state().startServer();
        }
        PrivateRedis.awaitInUse();
        for (int i = 0; i < LowLimits.WRITES_PER_CLIENT; i++) {
            limiter.check(writes, client);                          // a new window: the counter was never written
        }
        assertThatThrownBy(() -> limiter.check(writes, client)).isInstanceOf(TooManyRequests.class);
    }
}
