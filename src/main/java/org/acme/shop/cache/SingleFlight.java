package org.acme.shop.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Request coalescing inside one instance: while a piece of work for a key runs, other callers asking for the same key
 * wait for its result instead of doing the same work again. When a hot cache key disappears, the hundred requests
 * that miss it at once cause one database load, not a hundred.
 * <p>
 * Nothing is cached here: the entry leaves the map when the work ends, so the next caller starts afresh. A failure
 * reaches every waiting caller, as the same exception. A caller that waits is counted
 * ({@code cache_coalesced_total{cache}}) and its wait is a span of its own ({@value #WAIT_SPAN}).
 */
public final class SingleFlight<K, V> {

    /** The span of a caller that waits for another caller's work. */
    public static final String WAIT_SPAN = "cache.coalesced.wait";

    private final ConcurrentMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();
    private final String cache;
    private final CacheMetrics metrics;
    private final CacheSpans spans;

    /** Coalesces the work of {@code cache}, the name its meters and spans carry. */
    public SingleFlight(String cache, CacheMetrics metrics, CacheSpans spans) {
        this.cache = cache;
        this.metrics = metrics;
        this.spans = spans;
        metrics.coalesced(cache, 0);                         // the series exists before the first wait
    }

    public V run(K key, Supplier<V> work) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            metrics.coalesced(cache, 1);                     // someone else is on it: wait for their result
            return spans.step(WAIT_SPAN, cache, () -> join(running));
        }
        try {
            V value = work.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error failure) {
            mine.completeExceptionally(failure);
            throw failure;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private static <V> V join(CompletableFuture<V> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
