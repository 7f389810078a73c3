package org.acme.shop.cache;

import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The caches' own trace spans (docs/observability.md#traces): one span for each step of a cache (look in L1, look in
 * Redis, wait for a load coalesced in this instance, wait for another instance's lock holder, load, store, invalidate)
 * and of the writes behind it (outbox replay, write-behind send and flush, flash-sale gate). A step's span is a child
 * of the span current when it starts, the request's server span as a rule, and the parent of the Redis and JDBC
 * client spans that Quarkus makes for the commands the step sends.
 * <p>
 * Attributes say which cache ({@value #CACHE_NAME}) and what happened ({@value #CACHE_OUTCOME}: a
 * {@link CacheOutcome}, or a word the step documents), never the key: a key may carry a session token or an id a
 * visitor chose. While tracing is off ({@code quarkus.otel.sdk.disabled}, the default) a step runs its work and
 * nothing else.
 */
@ApplicationScoped
public class CacheSpans {

    /** Looked in this instance's memory (the near cache): outcome {@code L1} or {@code MISS}. */
    public static final String L1_LOOKUP = "cache.l1.lookup";
    /** Looked in Redis: outcome {@code HIT}, {@code MISS}, or {@code BYPASS} (Redis failed; the load is inside). */
    public static final String REDIS_LOOKUP = "cache.redis.lookup";
    /** Read the source of truth, PostgreSQL (its JDBC spans are children). */
    public static final String LOAD = "cache.load";
    /** Wrote what was loaded to Redis. */
    public static final String STORE = "cache.store";
    /** Removed or retired what a write made stale. */
    public static final String INVALIDATE = "cache.invalidate";

    public static final String CACHE_NAME = "cache.name";
    public static final String CACHE_OUTCOME = "cache.outcome";
    private static final AttributeKey<String> NAME_KEY = AttributeKey.stringKey(CACHE_NAME);
    private static final AttributeKey<String> OUTCOME_KEY = AttributeKey.stringKey(CACHE_OUTCOME);

    private final Tracer tracer;
    private final boolean on;

    public CacheSpans(Tracer tracer, @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean disabled) {
        this.tracer = tracer;
        this.on = !disabled;
    }

    /** Runs {@code work} in a span named {@code step}, marked with the cache it serves; a throw marks it failed. */
    public <T> T step(String step, String cache, Supplier<T> work) {
        return step(step, cache, work, null);
    }

    /**
     * As {@link #step(String, String, Supplier)}, and marks the span with the outcome {@code outcomeOf} reads from the
     * result (it may return {@code null}: no outcome).
     */
    public <T> T step(String step, String cache, Supplier<T> work, Function<? super T, String> outcomeOf) {
        if (!on) {
            return work.get();
        }
        Span span = tracer.spanBuilder(step).setAttribute(NAME_KEY, cache).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            T result = work.get();
            String outcome = outcomeOf == null ? null : outcomeOf.apply(result);
            if (outcome != null) {
                span.setAttribute(OUTCOME_KEY, outcome);
            }
            return result;
        } catch (RuntimeException | Error failure) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            throw failure;
        } finally {
            span.end();
        }
    }

    /**
     * A step that completes later: its span starts when the {@link Uni} is subscribed and ends with its item or failure.
     * The work is built and subscribed to while the span is current, so a command it sends at once is its child, as
     * in {@link #step}; one that waits for a connection is sent later, outside the span's scope, and is not attached to
     * the span.
     */
    public <T> Uni<T> stepAsync(String step, String cache, Supplier<Uni<T>> work,
            Function<? super T, String> outcomeOf) {
        if (!on) {
            return work.get();
        }
        return Uni.createFrom().emitter(emitter -> {
            Span span = tracer.spanBuilder(step).setAttribute(NAME_KEY, cache).startSpan();
            try (Scope ignored = span.makeCurrent()) {
                Cancellable running = work.get().subscribe().with(item -> {
                    String outcome = outcomeOf.apply(item);
                    if (outcome != null) {
                        span.setAttribute(OUTCOME_KEY, outcome);
                    }
                    span.end();
                    emitter.complete(item);
                }, failure -> {
                    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                    span.end();
                    emitter.fail(failure);
                });
                emitter.onTermination(running::cancel);
            }
        });
    }

    /** A step that returns nothing. */
    public void run(String step, String cache, Runnable work) {
        step(step, cache, () -> {
            work.run();
            return null;
        });
    }

    /** The outcome of a cached read, for {@link #step(String, String, Supplier, Function)}. */
    public static String outcomeOf(Cached<?> read) {
        return read == null ? CacheOutcome.MISS.name() : read.outcome().name();
    }
}
