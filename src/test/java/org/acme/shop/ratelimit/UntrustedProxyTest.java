package org.acme.shop.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * From a peer that is not a trusted proxy, {@code X-Forwarded-For} is a header like any other: a client that reaches
 * the app around its proxies cannot escape the per-address limits by writing a new address into it on every request.
 * {@link LowLimits} trusts 127.0.0.1 and {@value LowLimits#TRUSTED_PROXIES}; this test connects from 127.0.0.2, which
 * Linux routes over the loopback interface like all of 127.0.0.0/8, so the same application sees a peer it does not
 * trust. (Without any proxy trust, Quarkus's default, {@code VisitorFloodTest} counts random
 * {@code X-Forwarded-For} addresses as the machine's one.)
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(LowLimits.class)
class UntrustedProxyTest {

    private static final String UNTRUSTED_PEER = "127.0.0.2";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TestRedis redis;

    @Inject
    RateLimitKeys keys;

    @TestHTTPResource("/api/users")
    URI users;

    @Test
    void aForwardedForHeaderDoesNotMakeANewClient() throws Exception {
        HttpClient untrusted = HttpClient.newBuilder().localAddress(InetAddress.getByName(UNTRUSTED_PEER)).build();
        for (int i = 0; i < LowLimits.REGISTRATIONS_PER_ADDRESS; i++) {
            assertThat(register(untrusted, "10.0.0." + (i + 1)).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> refused = register(untrusted, "10.0.0.99");
        assertThat(refused.statusCode()).as("another claimed address, the same connection").isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValueSatisfying(
                policy -> assertThat(policy).startsWith("\"registrations-per-address\""));

        // Counted against the connection's address, and never against an address the client wrote.
        assertThat(redis.get(keys.rateLimit("registrations-per-address", UNTRUSTED_PEER)))
                .isEqualTo(String.valueOf(LowLimits.REGISTRATIONS_PER_ADDRESS + 1));
        assertThat(redis.exists(keys.rateLimit("registrations-per-address", "10.0.0.1"))).isFalse();
    }

    private HttpResponse<String> register(HttpClient client, String forwardedFor) throws Exception {
        // The app's loopback address by number: its name might resolve to ::1, which 127.0.0.2 cannot reach.
        URI target = new URI("http", null, "127.0.0.1", users.getPort(), users.getPath(), null, null);
        String body = JSON.writeValueAsString(Map.of("email", Accounts.uniqueEmail(), "password", Accounts.PASSWORD,
                "displayName", "Ada"));
        return client.send(HttpRequest.newBuilder(target).header("X-Forwarded-For", forwardedFor)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
