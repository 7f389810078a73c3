package org.acme.shop.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Forged {@code X-Forwarded-For} chains, sent through a trusted proxy (the test's loopback connection, trusted by
 * {@link LowLimits}): the client is the right-most entry that is not a trusted proxy, whatever the client wrote to its
 * left; IPv6 clients are counted per {@code /64}. Asserted on the rate-limit counters in Redis, which are keyed by
 * the address that {@code ClientAddress} chose.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(LowLimits.class)
class ForwardedForTest {

    private static final String REGISTRATIONS = "registrations-per-address";

    @Inject
    TestRedis redis;

    @Inject
    RateLimitKeys keys;

    private String counted(String address) {
        return redis.get(keys.rateLimit(REGISTRATIONS, address));
    }

    private static String newAddress() {
        int n = UUID.randomUUID().hashCode() & 0xFFFF;
        return "10.77." + (n >> 8) + "." + (n & 0xFF);
    }

    @Test
    void entriesTheClientWroteLeftOfItsAddressMakeNoNewClient() {
        String client = newAddress();
        for (int i = 0; i < LowLimits.REGISTRATIONS_PER_ADDRESS; i++) {
            Accounts.registerForwardedFor("203.0.113." + (i + 1) + ", " + client).then().statusCode(201);
        }
        Response refused = Accounts.registerForwardedFor("203.0.113.99, " + client);
        assertThat(refused.statusCode()).as("a new forged entry, the same client").isEqualTo(429);
        assertThat(counted(client)).isEqualTo(String.valueOf(LowLimits.REGISTRATIONS_PER_ADDRESS + 1));
        assertThat(redis.exists(keys.rateLimit(REGISTRATIONS, "203.0.113.1"))).as("never the left-most").isFalse();
    }

    @Test
    void trustedProxiesInTheChainAreSkipped() {
        String client = newAddress();
        Accounts.registerForwardedFor("198.51.100.7, " + client + ", 192.168.4.2, 192.168.9.9").then().statusCode(201);
        assertThat(counted(client)).isEqualTo("1");
        assertThat(redis.exists(keys.rateLimit(REGISTRATIONS, "192.168.9.9"))).isFalse();
        assertThat(redis.exists(keys.rateLimit(REGISTRATIONS, "198.51.100.7"))).isFalse();
    }

    @Test
    void twoHeadersAreOneChainAndTheLastEntryCounts() {
        String client = newAddress();
        given().header("X-Forwarded-For", "198.51.100.8").header("X-Forwarded-For", client)
                .contentType(ContentType.JSON)
                .body(Map.of("email", Accounts.uniqueEmail(), "password", Accounts.PASSWORD, "displayName", "Ada"))
                .post("/api/users").then().statusCode(201);
        assertThat(counted(client)).isEqualTo("1");
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        String prefix = "2001:db8:" + Integer.toHexString(UUID.randomUUID().hashCode() & 0xFFFF) + ":1";
        Accounts.registerForwardedFor(prefix + ":aaaa::1").then().statusCode(201);
        Accounts.registerForwardedFor(prefix + ":bbbb:cccc:dddd:2").then().statusCode(201);
        assertThat(Accounts.registerForwardedFor(prefix + "::3").statusCode()).as("the third address of one /64").isEqualTo(429);
        assertThat(counted(prefix + "::/64")).isEqualTo("3");

        Accounts.registerForwardedFor("[" + prefix.replace(":1", ":2") + "::1]:443").then().statusCode(201);  // the next /64: a new client
        assertThat(counted(prefix.replace(":1", ":2") + "::/64")).isEqualTo("1");
    }

    @Test
    void anEntryThatIsNoAddressStopsTheWalkAtTheLastTrustedHop() {
        String before = counted("127.0.0.1");
        Accounts.registerForwardedFor(newAddress() + ", evil.example").then().statusCode(201);
        assertThat(counted("127.0.0.1")).as("the proxy that wrote nonsense is the client")
                .isEqualTo(String.valueOf(before == null ? 1 : Long.parseLong(before) + 1));
    }
}
