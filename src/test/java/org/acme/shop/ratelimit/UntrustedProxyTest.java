package org.acme.shop.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Without proxy trust (the default), {@code X-Forwarded-For} is a header like any other: a client cannot escape the
 * per-address limits by writing a new address into it on every request.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(UntrustedProxyTest.NoProxyTrust.class)
class UntrustedProxyTest {

    /** {@link LowLimits}' limits, with Quarkus's default: no proxy is trusted. */
    public static class NoProxyTrust extends LowLimits {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.keySet().removeIf(key -> key.startsWith("quarkus.http.proxy."));
            return overrides;
        }
    }

    @Inject
    TestRedis redis;

    @Inject
    RateLimitKeys keys;

    @Test
    void aForwardedForHeaderDoesNotMakeANewClient() {
        for (int i = 0; i < LowLimits.REGISTRATIONS_PER_ADDRESS; i++) {
            Accounts.registerForwardedFor("10.0.0." + (i + 1)).then().statusCode(201);
        }
        Response refused = Accounts.registerForwardedFor("10.0.0.99");
        assertThat(refused.statusCode()).as("another claimed address, the same connection").isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("RateLimit-Policy")).startsWith("\"registrations-per-address\"");

        // Counted against the connection's address, and never against an address the client wrote.
        assertThat(redis.get(keys.rateLimit("registrations-per-address", "127.0.0.1")))
                .isEqualTo(String.valueOf(LowLimits.REGISTRATIONS_PER_ADDRESS + 1));
        assertThat(redis.exists(keys.rateLimit("registrations-per-address", "10.0.0.1"))).isFalse();
    }
}
