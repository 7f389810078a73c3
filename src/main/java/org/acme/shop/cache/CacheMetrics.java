package org.acme.shop.cache;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.acme.shop.redis.RedisGuard;

/**
 * Counters every cache reports, exposed at {@code /q/metrics}: {@code cache_gets_total{cache,result}} (result is a
 * {@link CacheOutcome} in lower case), {@code cache_loads_total{cache}}, {@code cache_invalidations_total{cache}},
 * for refresh-ahead {@code cache_refreshes_total{cache,result}}, the waits of a miss ({@code cache_coalesced_total{cache}},
 * {@code cache_lock_waits_total{cache,result}}), and the near cache's own {@code cache_near_*} meters.
 * Redis failures are counted by {@link RedisGuard}.
 */
@ApplicationScoped
public class CacheMetrics {

    private static final CacheOutcome[] OUTCOMES = CacheOutcome.values();

    private final MeterRegistry registry;
    // The counters of every read, found once per cache: asking the registry builds and sorts the tags each time, which
    // an L1 hit, a few microseconds on the event loop, notices (two look-ups per hit).
    private final Map<String, Counter[]> reads = new ConcurrentHashMap<>();
    private final Map<String, Counter[]> nearReads = new ConcurrentHashMap<>();

    public CacheMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One read of {@code cache}, answered as {@code outcome} says. */
    public void read(String cache, CacheOutcome outcome) {
        reads.computeIfAbsent(cache, name -> Arrays.stream(OUTCOMES).map(each -> registry.counter("cache.gets",
                "cache", name, "result", each.name().toLowerCase(Locale.ROOT))).toArray(Counter[]::new))
                [outcome.ordinal()].increment();
    }

    /** A load from PostgreSQL: what stampede protection keeps to one per missing key. */
    public void load(String cache) {
        registry.counter("cache.loads", "cache", cache).increment();
    }

    /**
     * {@code waits} readers of {@code cache} waited for a load that another caller of this instance had started
     * ({@link SingleFlight}); 0 registers the series.
     */
    public void coalesced(String cache, int waits) {
        registry.counter("cache.coalesced", "cache", cache).increment(waits);
    }

    /**
     * A reader of {@code cache} found another instance loading (its {@link RedisLock}) and waited for what it wrote:
     * {@code result} {@code filled} (it did) or {@code timeout} (it did not in time: the reader loads itself).
     */
    public void lockWaited(String cache, String result) {
        registry.counter("cache.lock.waits", "cache", cache, "result", result).increment();
    }

    public void invalidated(String cache) {
        registry.counter("cache.invalidations", "cache", cache).increment();
    }

    /** A background refresh ended: {@code done}, {@code failed}, or {@code elsewhere} (another refresher had it). */
    public void refreshed(String cache, String result) {
        registry.counter("cache.refreshes", "cache", cache, "result", result).increment();
    }

    // --- the near cache, the in-process tier in front of Redis (docs/near-cache.md) ----------------------------------
    // Its hits are also counted above as cache_gets_total{result="l1"}; these say what the tier itself did.

    /** One look into the near cache: {@code cache_near_gets_total{cache,result="hit"|"miss"}}. */
    public void nearRead(String cache, boolean hit) {
        nearReads.computeIfAbsent(cache, name -> new Counter[] {
            registry.counter("cache.near.gets", "cache", name, "result", "miss"),
            registry.counter("cache.near.gets", "cache", name, "result", "hit")})[hit ? 1 : 0].increment();
    }

    /**
     * An entry removed because its key changed: {@code cache_near_evictions_total{cache,cause}}, cause {@code push}
     * (an invalidation pushed by Redis) or {@code write} (a write of this instance, before its push arrives).
     */
    public void nearEvicted(String cache, String cause) {
        registry.counter("cache.near.evictions", "cache", cache, "cause", cause).increment();
    }

    /** One invalidation push received, whatever it evicted: {@code cache_near_pushes_total{cache}}. */
    public void nearPushed(String cache) {
        registry.counter("cache.near.pushes", "cache", cache).increment();
    }

    /**
     * The whole near cache dropped: {@code cache_near_clears_total{cache,cause}}, cause {@code flush} (Redis pushed
     * a flush) or {@code disconnect} (the tracking connection was lost or could not be opened).
     */
    public void nearCleared(String cache, String cause) {
        registry.counter("cache.near.clears", "cache", cache, "cause", cause).increment();
    }

    /** A value read when scraped, such as {@code cache_near_size{cache}}. */
    public <T> void gauge(String name, String cache, T source, ToDoubleFunction<T> value) {
        registry.gauge(name, Tags.of("cache", cache), source, value);
    }
}
