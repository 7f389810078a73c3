package org.acme.shop.common;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters every cache reports, exposed at {@code /q/metrics}: {@code cache_gets_total{cache,result}} (result is a
 * {@link CacheOutcome} in lower case), {@code cache_loads_total{cache}}, {@code cache_invalidations_total{cache}} and,
 * for refresh-ahead, {@code cache_refreshes_total{cache,result}}.
 * Redis failures are counted by {@link RedisGuard}.
 */
@ApplicationScoped
public class CacheMetrics {

    private final MeterRegistry registry;

    public CacheMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One read of {@code cache}, answered as {@code outcome} says. */
    public void read(String cache, CacheOutcome outcome) {
        registry.counter("cache.gets", "cache", cache, "result", outcome.name().toLowerCase()).increment();
    }

    /** A load from PostgreSQL: what stampede protection keeps to one per missing key. */
    public void load(String cache) {
        registry.counter("cache.loads", "cache", cache).increment();
    }

    public void invalidated(String cache) {
        registry.counter("cache.invalidations", "cache", cache).increment();
    }

    /** A background refresh ended: {@code done}, {@code failed}, or {@code elsewhere} (another refresher had it). */
    public void refreshed(String cache, String result) {
        registry.counter("cache.refreshes", "cache", cache, "result", result).increment();
    }
}
