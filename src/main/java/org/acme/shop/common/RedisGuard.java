package org.acme.shop.common;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one way this service talks to Redis: every command runs inside {@link #call}, which turns a failure into the
 * caller's fallback. Redis is a cache here (and, for sessions, a store that may be briefly away), so a failed command
 * must never become a 500: a cache read falls back to PostgreSQL, a cache write or invalidation to doing nothing (its
 * outbox row stays for the relay, and the key's TTL is the last resort), a session read to a {@code 503}.
 * <p>
 * The timeout is the client's: the blocking {@code RedisDataSource} gives up on a command after
 * {@code quarkus.redis.timeout} (and {@code quarkus.redis.sessions.timeout} for the sessions client), which
 * {@code application.properties} sets to 500 ms, and that failure arrives here like any other. Start-up is the one
 * exception: what it sends waits up to {@link #START_UP_WAIT}.
 * <p>
 * An outage is logged twice, not once per request: one WARN when the first command fails, one INFO when a command
 * succeeds again. Every failure is counted in {@code cache_redis_errors_total{operation}}, every outage in
 * {@code cache_redis_outages_total}. There is one outage state for the process; the sessions client uses the cache's
 * server unless configured otherwise.
 * <p>
 * A command passed here holds Redis calls only: whatever it throws is taken for a Redis failure. Keep database work
 * in the fallback or after the call, so that a database error still reaches the client as a {@code 503}.
 */
@ApplicationScoped
public class RedisGuard {

    /**
     * How long a command sent at start-up may take, instead of {@code quarkus.redis.timeout} (500 ms): the first
     * commands of a client also open its connection (TCP, TLS, AUTH, SELECT) and run code the JVM has not loaded yet,
     * and on a busy machine (two cores, a build beside it) that takes longer than a request may wait. A start-up that
     * fails on it would fail for nothing; a Redis that is away delays the start by at most this. Requests never wait
     * this long.
     */
    public static final Duration START_UP_WAIT = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(RedisGuard.class);

    private final MeterRegistry registry;
    private final AtomicBoolean down = new AtomicBoolean();
    private final Duration timeout;

    public RedisGuard(MeterRegistry registry, @ConfigProperty(name = "quarkus.redis.timeout") Duration timeout) {
        this.registry = registry;
        this.timeout = timeout;
    }

    /**
     * Runs {@code command}; when it fails or times out, counts and logs the failure and returns what {@code fallback}
     * gives (the fallback may also throw, for a caller that has no answer without Redis).
     *
     * @param operation names the command in the metric and the log, e.g. {@code get}, {@code invalidate}
     */
    public <T> T call(String operation, Supplier<T> command, Supplier<T> fallback) {
        T result;
        try {
            result = command.get();
        } catch (RuntimeException failure) {
            failed(operation, failure);
            return fallback.get();
        }
        answered();
        return result;
    }

    /**
     * {@link #call} for a command that does not block: the same counting, logging and fallback, for the few paths that
     * wait for Redis on the event loop instead of a worker thread (see {@code LuaScript.runAsync}). The reactive API
     * has no timeout of its own, so this one gives up after {@code quarkus.redis.timeout}, like the blocking client
     * (the {@code sessions} client's timeout follows that one in {@code application.properties}).
     * The fallback runs when the command failed, and may throw: the returned {@code Uni} then fails with that.
     */
    public <T> Uni<T> callAsync(String operation, Supplier<Uni<T>> command, Supplier<T> fallback) {
        return Uni.createFrom().<T>deferred(command::get)
                .ifNoItem().after(timeout).fail()
                .onItem().invoke(this::answered)
                .onFailure().recoverWithUni(failure -> {
                    failed(operation, failure);
                    return Uni.createFrom().item(fallback);
                });
    }

    /** Runs a command whose only fallback is to do nothing (a cache write or invalidation). */
    public void run(String operation, Runnable command) {
        call(operation, () -> {
            command.run();
            return null;
        }, () -> null);
    }

    /** Whether the last command failed: the state the logs report, exposed for tests and health reporting. */
    public boolean isDown() {
        return down.get();
    }

    /** Ends an outage, if one was going on: one INFO line, from whichever command answered first. */
    private void answered() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info("Redis answers again; the caches are back in use");
        }
    }

    private void failed(String operation, Throwable failure) {
        registry.counter("cache.redis.errors", "operation", operation).increment();
        if (down.compareAndSet(false, true)) {
            registry.counter("cache.redis.outages").increment();
            LOG.warnf("Redis is unavailable (%s failed: %s); serving without it until it answers again", operation,
                    describe(failure));
        }
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
