package org.acme.shop.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import org.acme.shop.http.problem.ServiceUnavailable;
import org.acme.shop.http.problem.TooManyRequests;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;
import org.jboss.logging.Logger;

/**
 * <b>Rate limits as fixed-window counters in Redis.</b> One key per limit and subject,
 * {@code shop:ratelimit:{limit}:{sha256(subject)}}, counts the subject's requests; it is created by the first request
 * of a window and expires with the window. One Lua script per check ({@link #HIT}), so that the count and the expiry
 * cannot come apart (an {@code INCR} followed by a separate {@code EXPIRE} that never arrives leaves a counter that
 * blocks its subject for ever) and the check costs one round trip. docs/hardening.md says why a fixed window and not
 * a sliding one.
 * <p>
 * Redis down: a limit either <b>fails open</b> or <b>fails closed</b>, as its {@link Policy} says. Closed (the login
 * and registration limits): the request is refused with {@code 503} before it does anything else, counted as
 * {@code result="unavailable"}; a login that went on to check the password would answer a wrong one {@code 401} and a
 * right one {@code 503} (its session cannot be stored), an unlimited password oracle, and unlimited registrations
 * would let one client create accounts without end. Open (the writes limit): the request is let through unchecked,
 * counted in {@code rate_limit_checks_total{result="unchecked"}}, and the outage is logged once when it starts and
 * once when the checks apply again. A write needs a session, which is read from the same Redis first, so the limit
 * can only be missing while that session was just read: failing open then costs one unlimited moment for a known
 * user, where failing closed would refuse every write for a single slow command.
 * <p>
 * The counters live on the persistent Redis role, the {@code sessions} client, beside the sessions: on an evicting
 * cache Redis, memory pressure could drop a counter in the middle of its window and reset a guesser's count.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /**
     * Counts one request and returns {@code {count, milliseconds left in the window}}. The window starts with the
     * first request: the expiry is set when the key has none, which also repairs a counter that lost it.
     */
    static final LuaScript HIT = LuaScript.of("""
            local count = redis.call('INCR', KEYS[1])
            local left = redis.call('PTTL', KEYS[1])
            if left < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              left = tonumber(ARGV[1])
            end
            return {count, left}
            """);

    /**
     * Takes one request back off a counter. Never below 0, and never on a key that expired: a {@code DECR} there would
     * create a counter of -1 without a TTL, which stays for ever unless its subject comes back.
     */
    static final LuaScript REFUND = LuaScript.of("""
            local count = tonumber(redis.call('GET', KEYS[1]))
            if count and count > 0 then
              return redis.call('DECR', KEYS[1])
            end
            return 0
            """);

    /**
     * One limit: at most {@code limit} requests of one subject per {@code window}; {@code failsClosed}: whether a
     * request is refused ({@code 503}) rather than let through when Redis cannot count it.
     */
    public record Policy(String name, int limit, Duration window, boolean failsClosed) {
    }

    private final RedisDataSource redis;
    private final RedisGuard guard;
    private final RateLimitKeys keys;
    private final RateLimitConfig config;
    private final MeterRegistry registry;
    private final AtomicBoolean failingOpen = new AtomicBoolean();

    public RateLimiter(@RedisClientName("sessions") RedisDataSource redis,
            @RedisClientName("sessions") RedisGuard guard, RateLimitKeys keys,
            RateLimitConfig config, MeterRegistry registry) {
        this.redis = redis;
        this.guard = guard;
        this.keys = keys;
        this.config = config;
        this.registry = registry;
    }

    /**
     * Counted like any limit before the password check, and given back by {@link #refund} when the password was
     * right, so that it counts failures only, with no room for a burst of guesses sent at once.
     */
    public Policy loginFailuresPerEmailAndAddress() {
        return new Policy("login-failures-per-email-and-address", config.loginFailuresPerEmailAndAddress().limit(),
                config.loginFailuresPerEmailAndAddress().window(), true);
    }

    /**
     * The subject of {@link #loginFailuresPerEmailAndAddress}: the client address and the email, trimmed and
     * lower-cased. An address holds no space, so no other pair gives the same string.
     */
    public static String emailAtAddress(String email, String address) {
        return address + " " + email.strip().toLowerCase(Locale.ROOT);
    }

    public Policy loginPerAddress() {
        return new Policy("login-per-address", config.loginPerAddress().limit(), config.loginPerAddress().window(),
                true);
    }

    public Policy registrationsPerAddress() {
        return new Policy("registrations-per-address", config.registrationsPerAddress().limit(),
                config.registrationsPerAddress().window(), true);
    }

    public Policy writesPerClient() {
        return new Policy("writes-per-client", config.writesPerClient().limit(), config.writesPerClient().window(),
                false);
    }

    /**
     * Counts one request of {@code subject} against {@code policy}; throws {@link TooManyRequests} ({@code 429}) when
     * it is past the limit, and {@link ServiceUnavailable} ({@code 503}) when Redis cannot count it and the policy
     * fails closed.
     */
    public void check(Policy policy, String subject) {
        if (!config.enabled()) {
            return;
        }
        String key = keys.rateLimit(policy.name(), subject);
        decide(policy, guard.call("rate-limit", () -> HIT.run(redis, List.of(key),
                Long.toString(policy.window().toMillis())), () -> null));
    }

    /**
     * Takes back one request of {@code subject} that {@link #check} counted (a login whose password was right), unless
     * the window has ended since. When Redis fails the request stays counted: it is only one.
     */
    public void refund(Policy policy, String subject) {
        if (!config.enabled()) {
            return;
        }
        String key = keys.rateLimit(policy.name(), subject);
        guard.run("rate-limit-refund", () -> REFUND.run(redis, List.of(key)));
    }

    /**
     * {@link #check} without blocking the calling thread, for the writes limit ({@link WriteRateLimit}), which runs
     * on the event loop for an endpoint that does not block: the same script, the same answer, failing with
     * {@link TooManyRequests}.
     */
    public Uni<Void> checkAsync(Policy policy, String subject) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        String key = keys.rateLimit(policy.name(), subject);
        return guard.callAsync("rate-limit", () -> HIT.runAsync(redis, List.of(key),
                Long.toString(policy.window().toMillis())), () -> null)
                .invoke(reply -> decide(policy, reply))
                .replaceWithVoid();
    }

    /**
     * {@code reply} is {@link #HIT}'s, or {@code null} when Redis failed: then the request is refused or passes
     * unchecked, as the policy says.
     */
    private void decide(Policy policy, Response reply) {
        if (reply == null && policy.failsClosed()) {
            count(policy, "unavailable");
            throw new ServiceUnavailable("This limit cannot be checked right now; try again shortly");
        }
        if (reply == null) {
            count(policy, "unchecked");
            if (failingOpen.compareAndSet(false, true)) {
                LOG.warn("Rate limits are not applied while Redis is unavailable: requests pass unchecked");
            }
            return;
        }
        if (failingOpen.get() && failingOpen.compareAndSet(true, false)) {
            LOG.info("Rate limits apply again");
        }
        long count = reply.get(0).toLong();
        if (count <= policy.limit()) {
            count(policy, "allowed");
            return;
        }
        count(policy, "limited");
        long retryAfterSeconds = Math.max(1, (reply.get(1).toLong() + 999) / 1000);
        throw new TooManyRequests(policy.name(), policy.limit(), policy.window().toSeconds(), retryAfterSeconds);
    }

    private void count(Policy policy, String result) {
        registry.counter("rate.limit.checks", "limit", policy.name(), "result", result).increment();
    }
}
