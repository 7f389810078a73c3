package org.acme.shop.ratelimit;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import org.acme.shop.testing.PrivateRedis;

/**
 * Limits a test reaches in a few requests, and proxy trust for the loopback address 127.0.0.1 (and for
 * {@link #TRUSTED_PROXIES}), so that each test is a client of its own by sending its own {@code X-Forwarded-For}; on a
 * {@link PrivateRedis}, so that no counter of an earlier run or another test class is found, and a test can stop the
 * server. The tests that share it: {@code RateLimitTest} (stops the server), {@code ForwardedForTest} (the chain of
 * trusted proxies) and {@code UntrustedProxyTest}, which connects from 127.0.0.2, a peer this trust leaves out.
 */
public class LowLimits implements QuarkusTestProfile {

    static final int LOGIN_FAILURES = 3;
    static final int LOGIN_PER_ADDRESS = 4;
    static final int REGISTRATIONS_PER_ADDRESS = 2;
    static final int WRITES_PER_CLIENT = 5;
    /** A second proxy in front of the loopback one, as a chain of ingress and load balancer would be. */
    static final String TRUSTED_PROXIES = "192.168.0.0/16";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("rate-limit.login-failures-per-email-and-address.limit", String.valueOf(LOGIN_FAILURES)),
                Map.entry("rate-limit.login-failures-per-email-and-address.window", "1m"),
                Map.entry("rate-limit.login-per-address.limit", String.valueOf(LOGIN_PER_ADDRESS)),
                Map.entry("rate-limit.registrations-per-address.limit", String.valueOf(REGISTRATIONS_PER_ADDRESS)),
                Map.entry("rate-limit.writes-per-client.limit", String.valueOf(WRITES_PER_CLIENT)),
                Map.entry("rate-limit.writes-per-client.window", "1m"),
                Map.entry("quarkus.http.proxy.proxy-address-forwarding", "true"),
                Map.entry("quarkus.http.proxy.allow-x-forwarded", "true"),
                Map.entry("quarkus.http.proxy.trusted-proxies", "127.0.0.1," + TRUSTED_PROXIES));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivateRedis.class));
    }
}
