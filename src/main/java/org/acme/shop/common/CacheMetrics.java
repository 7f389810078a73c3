package org.acme.shop.common;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

/**
 * Counters every cache reports, exposed at {@code /q/metrics}: {@code cache_gets_total{cache,result}},
 * {@code cache_loads_total{cache}}, {@code cache_invalidations_total{cache}} and {@code cache_redis_errors_total{operation}}.
 */
@ApplicationScoped
public class CacheMetrics {

    private static final Logger LOG = Logger.getLogger(CacheMetrics.class);

    private final MeterRegistry registry;

    public CacheMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void hit(String cache) {
        registry.counter("cache.gets", "cache", cache, "result", "hit").increment();
    }

    public void miss(String cache) {
        registry.counter("cache.gets", "cache", cache, "result", "miss").increment();
    }

    /** A read that skipped Redis because Redis failed or the cache is switched off. */
    public void bypass(String cache) {
        registry.counter("cache.gets", "cache", cache, "result", "bypass").increment();
    }

    /** A load from the source of truth: what stampede protection keeps to one per missing key. */
    public void load(String cache) {
        registry.counter("cache.loads", "cache", cache).increment();
    }

    public void invalidated(String cache) {
        registry.counter("cache.invalidations", "cache", cache).increment();
    }

    /** Counts and logs a failed Redis command; the caller has already chosen its fallback. */
    public void redisError(String operation, Throwable failure) {
        registry.counter("cache.redis.errors", "operation", operation).increment();
        LOG.warnf("Redis %s failed, continuing without the cache: %s", operation, describe(failure));
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
