package org.acme.shop.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.acme.shop.http.Roles;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Users and HASH sessions, checked through the API and in Redis itself. */
@QuarkusTest
@Tag("redis")
class SessionTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    TestRedis redis;

    @Inject
    SessionKeys keys;

    @Inject
    SqlCounter sql;

    private String sessionKey(String token) {
        return keys.session(SessionStore.sha256(token));
    }

    @Test
    void registrationValidatesAndRefusesDuplicates() {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email.toUpperCase(), "password", Accounts.PASSWORD, "displayName", "Twin"))
                .when().post("/api/users")
                .then().statusCode(409).contentType(PROBLEM);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email", "password", "short", "displayName", "X"))
                .when().post("/api/users")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("email")).body("errors.field", hasItem("password"));
    }

    @Test
    void aPasswordIsCountedInUtf8BytesAsBcryptReadsIt() {
        String fits = "é".repeat(36);                                    // 36 characters, 72 bytes
        String tooLong = "é".repeat(37);                                 // 37 characters, 74 bytes: bcrypt would drop 2
        String email = Accounts.uniqueEmail();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", tooLong, "displayName", "Ada"))
                .when().post("/api/users")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("password"))
                .body("errors.find { it.field == 'password' }.message", containsString("72 bytes"));
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", fits, "displayName", "Ada"))
                .when().post("/api/users").then().statusCode(201);
        assertThat(Accounts.login(email, fits)).isNotBlank();

        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "x".repeat(289)))
                .when().post("/api/sessions")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("password"));
    }

    @Test
    void answersWithATokenOrPersonalDataAreNotStoredByAnyCache() {
        String email = Accounts.uniqueEmail();
        long product = Products.create();
        Map<String, Response> answers = new LinkedHashMap<>();
        answers.put("POST /api/users", given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD, "displayName", "Ada"))
                .when().post("/api/users"));
        answers.put("POST /api/sessions", given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD)).when().post("/api/sessions"));
        String token = answers.get("POST /api/sessions").jsonPath().getString("token");
        answers.put("GET /api/users/me", Accounts.as(token).when().get("/api/users/me"));
        answers.put("PATCH /api/users/me", Accounts.as(token).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Ada L.")).when().patch("/api/users/me"));
        answers.put("PUT /api/cart/items/{id}", Accounts.as(token).contentType(ContentType.JSON)
                .body(Map.of("quantity", 2)).when().put("/api/cart/items/" + product));
        answers.put("GET /api/cart", Accounts.as(token).when().get("/api/cart"));
        answers.forEach((call, answer) -> {
            assertThat(answer.statusCode()).as(call).isBetween(200, 201);
            assertThat(answer.header("Cache-Control")).as(call).isEqualTo("no-store");
        });
        assertThat(given().when().get("/api/products/" + product).header("Cache-Control"))
                .as("a public read is not personal: kept, and revalidated (docs/http-caching.md)").isEqualTo("no-cache");
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSame401() {
        String email = Accounts.uniqueEmail();
        Accounts.register(email);
        String wrongPassword = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "wrong password!"))
                .when().post("/api/sessions").then().statusCode(401).contentType(PROBLEM).extract().asString();
        String unknownEmail = given().contentType(ContentType.JSON)
                .body(Map.of("email", Accounts.uniqueEmail(), "password", Accounts.PASSWORD))
                .when().post("/api/sessions").then().statusCode(401).contentType(PROBLEM).extract().asString();
        assertThat(wrongPassword).isEqualTo(unknownEmail);
    }

    @Test
    void loginCreatesAHashedKeyWithTheFieldsAndTheIdleTtl() {
        String email = Accounts.uniqueEmail();
        long userId = Accounts.register(email);
        var response = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Accounts.PASSWORD))
                .when().post("/api/sessions")
                .then().statusCode(201)
                .body("token", notNullValue()).body("expiresAt", notNullValue())
                .header("Set-Cookie", startsWith("__Host-SESSION="))
                .header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Lax"))
                .header("Set-Cookie", containsString("Path=/"))
                .header("Set-Cookie", not(containsString("Version")))
                .header("Set-Cookie", containsString("; Secure"))               // the __Host- prefix needs it
                .header("Set-Cookie", not(containsString("Domain")))           // and forbids a Domain
                .extract();
        String token = response.jsonPath().getString("token");
        Matcher maxAge = Pattern.compile("Max-Age=(\\d+)").matcher(response.header("Set-Cookie"));
        assertThat(maxAge.find()).isTrue();
        assertThat(Long.parseLong(maxAge.group(1))).as("the remaining absolute lifetime, 12 h")
                .isBetween(Duration.ofHours(12).toSeconds() - 5, Duration.ofHours(12).toSeconds());
        assertThat(token).matches("[A-Za-z0-9_-]{43}");

        String key = sessionKey(token);
        assertThat(redis.type(key)).isEqualTo("hash");
        Map<String, String> fields = redis.hgetall(key);
        assertThat(fields).containsEntry("userId", String.valueOf(userId)).containsEntry("email", email)
                .containsEntry("displayName", "Ada").containsEntry("role", Roles.CUSTOMER)
                .containsKeys("createdAt", "lastAccessedAt");
        assertThat(redis.ttl(key)).isBetween(1790L, 1800L);
        assertThat(redis.encoding(key)).as("small HASHes stay in the compact encoding (named ziplist before Redis 7.0)")
                .isIn("listpack", "ziplist");
        assertThat(redis.type(keys.userSessions(userId))).isEqualTo("zset");
        assertThat(redis.zrange(keys.userSessions(userId))).contains(SessionStore.sha256(token));
        assertThat(redis.ttl(keys.userSessions(userId))).isPositive();
        assertThat(redis.allKeys()).as("the raw token is in no key").noneMatch(k -> k.contains(token));
    }

    @Test
    void meIsReadFromTheSessionHashWithoutSqlByBearerOrCookie() {
        String token = Accounts.newSession();
        long before = sql.statements();
        given().header("Authorization", "Bearer " + token).when().get("/api/users/me")
                .then().statusCode(200).body("displayName", equalTo("Ada"));
        given().cookie("__Host-SESSION", token).when().get("/api/users/me")
                .then().statusCode(200).body("displayName", equalTo("Ada"));
        assertThat(sql.statements() - before).as("SQL statements for two /me calls").isZero();
    }

    @Test
    void everyRequestSlidesTheIdleTimeout() {
        String token = Accounts.newSession();
        String key = sessionKey(token);
        redis.expire(key, 100);
        String before = redis.hgetall(key).get("lastAccessedAt");
        given().header("Authorization", "Bearer " + token).when().get("/api/users/me").then().statusCode(200);
        assertThat(redis.ttl(key)).isBetween(1790L, 1800L);
        assertThat(redis.hgetall(key).get("lastAccessedAt")).isGreaterThanOrEqualTo(before);
    }

    @Test
    void anIdleExpiredSessionIs401() {
        String token = Accounts.newSession();
        String key = sessionKey(token);
        redis.pexpire(key, 50);
        await().atMost(Duration.ofSeconds(2)).until(() -> !redis.exists(key));   // Redis's own expiry
        given().header("Authorization", "Bearer " + token).when().get("/api/users/me")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer");
        assertThat(redis.exists(key)).as("an expired session is not re-created").isFalse();
    }

    @Test
    void aSessionPastItsAbsoluteLifetimeIs401AndDeleted() {
        String token = Accounts.newSession();
        String key = sessionKey(token);
        redis.hset(key, Map.of("createdAt", Instant.now().minus(13, ChronoUnit.HOURS).toString()));
        given().header("Authorization", "Bearer " + token).when().get("/api/users/me").then().statusCode(401);
        assertThat(redis.exists(key)).isFalse();
    }

    @Test
    void missingMalformedTamperedAndUnknownTokensAre401() {
        String token = Accounts.newSession();
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        given().when().get("/api/users/me").then().statusCode(401).contentType(PROBLEM);
        given().header("Authorization", "Bearer not a token").when().get("/api/users/me").then().statusCode(401);
        given().header("Authorization", "Basic " + token).when().get("/api/users/me").then().statusCode(401);
        given().header("Authorization", "Bearer " + tampered).when().get("/api/users/me").then().statusCode(401);
    }

    @Test
    void aProfileChangeReachesEveryLiveSession() {
        String email = Accounts.uniqueEmail();
        long userId = Accounts.register(email);
        String first = Accounts.login(email);
        String second = Accounts.login(email);
        given().header("Authorization", "Bearer " + first).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Ada Lovelace"))
                .when().patch("/api/users/me")
                .then().statusCode(200).body("displayName", equalTo("Ada Lovelace"));
        assertThat(redis.hgetall(sessionKey(first))).containsEntry("displayName", "Ada Lovelace");
        assertThat(redis.hgetall(sessionKey(second))).containsEntry("displayName", "Ada Lovelace");
        given().header("Authorization", "Bearer " + second).contentType(ContentType.JSON).body(Map.of("displayName", ""))
                .when().patch("/api/users/me").then().statusCode(400).body("errors.field", hasItem("displayName"));

        // A member whose session has expired (gone, and older than the idle timeout) is dropped from the index
        // instead of being re-created.
        redis.delete(sessionKey(second));
        redis.zadd(keys.userSessions(userId), Instant.now().minus(1, ChronoUnit.DAYS).toEpochMilli(),
                SessionStore.sha256(second));
        given().header("Authorization", "Bearer " + first).contentType(ContentType.JSON).body(Map.of("displayName", "A."))
                .when().patch("/api/users/me").then().statusCode(200);
        assertThat(redis.exists(sessionKey(second))).isFalse();
        assertThat(redis.zrange(keys.userSessions(userId))).containsExactly(SessionStore.sha256(first));
    }

    @Test
    void aLoginBeyondTheCapSignsOutTheOldestSessions() {
        String email = Accounts.uniqueEmail();
        long userId = Accounts.register(email);
        int cap = ConfigProvider.getConfig().getValue("session.max-per-user", Integer.class);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < cap + 2; i++) {
            tokens.add(Accounts.login(email));
        }
        String index = keys.userSessions(userId);
        assertThat(redis.zrange(index)).as("newest %d, oldest first", cap)
                .containsExactlyElementsOf(tokens.subList(2, tokens.size()).stream().map(SessionStore::sha256).toList());
        for (String signedOut : tokens.subList(0, 2)) {
            assertThat(redis.exists(sessionKey(signedOut))).isFalse();
            given().header("Authorization", "Bearer " + signedOut).when().get("/api/users/me").then().statusCode(401);
        }
        given().header("Authorization", "Bearer " + tokens.get(2)).when().get("/api/users/me").then().statusCode(200);

        // A member past the absolute lifetime leaves the index at the next login, with its HASH.
        String old = tokens.get(2);
        redis.zadd(index, Instant.now().minus(13, ChronoUnit.HOURS).toEpochMilli(), SessionStore.sha256(old));
        Accounts.login(email);
        assertThat(redis.zrange(index)).hasSize(cap).doesNotContain(SessionStore.sha256(old));
        assertThat(redis.exists(sessionKey(old))).isFalse();
    }

    @Test
    void logoutDeletesOneSessionAndLogoutEverywhereDeletesAll() {
        String email = Accounts.uniqueEmail();
        long userId = Accounts.register(email);
        String a = Accounts.login(email);
        String b = Accounts.login(email);
        String c = Accounts.login(email);

        given().header("Authorization", "Bearer " + a).when().delete("/api/sessions/current").then().statusCode(204)
                .header("Set-Cookie", containsString("__Host-SESSION=;")).header("Set-Cookie", containsString("Max-Age=0"));
        assertThat(redis.exists(sessionKey(a))).isFalse();
        given().header("Authorization", "Bearer " + a).when().get("/api/users/me").then().statusCode(401);
        given().header("Authorization", "Bearer " + b).when().get("/api/users/me").then().statusCode(200);

        given().header("Authorization", "Bearer " + b).when().delete("/api/sessions").then().statusCode(204);
        assertThat(redis.exists(sessionKey(b))).isFalse();
        assertThat(redis.exists(sessionKey(c))).isFalse();
        assertThat(redis.exists(keys.userSessions(userId))).isFalse();
    }
}
