package org.acme.shop.redis;

import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import jakarta.enterprise.util.TypeLiteral;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
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
 * <b>One guard per Redis role, each with a circuit breaker</b> (SmallRye Fault Tolerance's programmatic {@link Guard}):
 * inject {@code RedisGuard} beside the default {@code RedisDataSource} (the cache role) and
 * {@code @RedisClientName("sessions") RedisGuard} beside the sessions client (the state role); {@link RedisGuards}
 * makes both. Without a circuit, a slow Redis would cost every request one timeout. When too many of a role's latest
 * commands timed out or lost their connection ({@link RedisCircuitConfig}), its circuit opens: the role's commands are
 * not sent, and each caller's fallback runs at once. After {@code redis-circuit.delay} one command goes through as a
 * probe; its answer closes the circuit. The blocking and the {@code Uni} path of a role share one circuit. Only a sign that Redis
 * is slow or out of reach counts ({@link #unreachable}): an error Redis answered ({@code WRONGTYPE}, {@code NOPERM}, a
 * script's error) came back at once, and an exception of the caller's own code is no news about Redis.
 * <p>
 * An outage is logged twice, not once per request: one WARN when the first command fails, one INFO when a command
 * succeeds again; a circuit likewise, when it opens and when it closes. Every failure, refused commands included, is
 * counted in {@code cache_redis_errors_total{operation}}, every outage in {@code cache_redis_outages_total}; the
 * commands an open circuit refused in {@code cache_redis_circuit_refused_total{role}}, and
 * {@code cache_redis_circuit_open{role}} is 1 while a role's circuit is not closed. There is one outage state for the
 * process; the sessions client uses the cache's server unless configured otherwise.
 * <p>
 * A command passed here holds Redis calls only: whatever it throws is taken for a Redis failure. Keep database work
 * in the fallback or after the call, so that a database error still reaches the client as a {@code 503}.
 */
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
    /** What the client fails the commands in flight with when their connection closes: no answer of Redis. */
    private static final String CONNECTION_CLOSED = "CONNECTION_CLOSED";
    /** The type of a guarded {@code Uni}: it tells the circuit to wait for the item, not for the {@code Uni}. */
    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() { };

    private final String role;
    private final MeterRegistry registry;
    private final AtomicBoolean down;
    private final Duration timeout;
    private final Duration delay;
    private final Guard circuit;
    private final AtomicReference<CircuitBreakerState> state = new AtomicReference<>(CircuitBreakerState.CLOSED);
    private final Counter refused;

    /**
     * @param role {@code cache} or {@code state}, the tag of its metrics
     * @param down the outage state, one for the process, shared by the guards of both roles
     * @param timeout the role's client timeout, applied by {@link #callAsync}
     */
    RedisGuard(String role, MeterRegistry registry, AtomicBoolean down, Duration timeout, RedisCircuitConfig config) {
        this.role = role;
        this.registry = registry;
        this.down = down;
        this.timeout = timeout;
        this.delay = config.delay();
        this.circuit = Guard.create()
                .withCircuitBreaker()
                .requestVolumeThreshold(config.window())
                .failureRatio(config.failureRatio())
                .delay(config.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)                               // one probe: its answer closes the circuit
                .when(RedisGuard::unreachable)
                .onStateChange(this::changed)
                .done()
                .build();
        this.refused = Counter.builder("cache.redis.circuit.refused").tag("role", role)
                .description("Redis commands not sent because the role's circuit was open; their fallback ran")
                .register(registry);
        Gauge.builder("cache.redis.circuit.open", state, s -> s.get() == CircuitBreakerState.CLOSED ? 0 : 1)
                .tag("role", role).description("1 while the role's circuit is open or half-open, 0 while closed")
                .register(registry);
    }

    /**
     * Runs {@code command}; when it fails or times out, or the role's circuit is open, counts and logs the failure and
     * returns what {@code fallback} gives (the fallback may also throw, for a caller that has no answer without Redis).
     *
     * @param operation names the command in the metric and the log, e.g. {@code get}, {@code invalidate}
     */
    public <T> T call(String operation, Supplier<T> command, Supplier<T> fallback) {
        T result;
        try {
            result = attempt(command);
        } catch (RuntimeException failure) {
            failed(operation, failure);
            return fallback.get();
        }
        answered();
        return result;
    }

    /**
     * {@link #call} for a command that does not block: the same circuit, counting, logging and fallback, for the few
     * paths that wait for Redis on the event loop instead of a worker thread (see {@code LuaScript.runAsync}). The
     * reactive API has no timeout of its own, so this one gives up after the role's client timeout, like the blocking
     * client; the timeout sits inside the circuit, so that a probe always comes back.
     * The fallback runs when the command failed, and may throw: the returned {@code Uni} then fails with that.
     */
    public <T> Uni<T> callAsync(String operation, Supplier<Uni<T>> command, Supplier<T> fallback) {
        return attemptAsync(() -> Uni.createFrom().<T>deferred(command::get).ifNoItem().after(timeout).fail())
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

    /**
     * Whether a failure says that Redis is slow or out of reach, the only failures that count toward opening a
     * circuit: a timeout, a connection refused, reset or closed, a host not found, a TLS handshake that failed.
     */
    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof SocketException || cause instanceof ClosedChannelException
                    || cause instanceof UnknownHostException || cause instanceof SSLException
                    || cause instanceof Response && CONNECTION_CLOSED.equals(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private <T> T attempt(Supplier<T> command) {
        Supplier<Object> untyped = command::get;
        return (T) circuit.get(untyped, Object.class);
    }

    @SuppressWarnings("unchecked")
    private <T> Uni<T> attemptAsync(Supplier<Uni<T>> command) {
        Supplier<Uni<Object>> untyped = () -> (Uni<Object>) command.get();
        return (Uni<T>) (Uni<?>) circuit.get(untyped, UNI);
    }

    /** Ends an outage, if one was going on: one INFO line, from whichever command answered first. */
    private void answered() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info("Redis answers again; the caches are back in use");
        }
    }

    private void failed(String operation, Throwable failure) {
        registry.counter("cache.redis.errors", "operation", operation).increment();
        if (failure instanceof CircuitBreakerOpenException) {
            refused.increment();
        }
        if (down.compareAndSet(false, true)) {
            registry.counter("cache.redis.outages").increment();
            LOG.warnf("Redis is unavailable (%s failed: %s); serving without it until it answers again", operation,
                    describe(failure));
        }
    }

    /** One line when the circuit opens and one when it closes; a probe that fails, reopening it, is no news. */
    private void changed(CircuitBreakerState now) {
        CircuitBreakerState before = state.getAndSet(now);
        if (now == CircuitBreakerState.OPEN && before == CircuitBreakerState.CLOSED) {
            LOG.warnf("Redis circuit of the %s role opened: its commands timed out or lost their connection too "
                    + "often; they fall back at once, with one probe every %s ms", role, delay.toMillis());
        } else if (now == CircuitBreakerState.CLOSED && before != CircuitBreakerState.CLOSED) {
            LOG.infof("Redis circuit of the %s role closed: the probe answered; its commands go to Redis again", role);
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException) {
            return "its circuit is open";
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
