package org.acme.shop.cache;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;

/**
 * A short lock in Redis that lets one instance of the service do a piece of work while the others wait or skip it:
 * {@code SET key token NX PX ttl}. The TTL frees the lock of a holder that died; the random token lets a holder
 * release only its own lock, never one that expired and was taken by someone else in the meantime.
 * <p>
 * It is a coordination hint, not a mutual-exclusion guarantee: when Redis is unavailable, or a holder outlives the
 * TTL, two instances can both do the work. Use it where doing the work twice is only wasteful (loading the same row),
 * never where it would be wrong.
 */
@ApplicationScoped
public class RedisLock {

    /** Deletes the lock only if it still holds our token. */
    static final LuaScript RELEASE_IF_OWNER = LuaScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    /** The span of a caller that waits for another instance's holder ({@link #awaitHolder}). */
    public static final String WAIT_SPAN = "cache.lock.wait";

    private final RedisDataSource redis;
    private final ValueCommands<String, String> values;
    private final RedisGuard guard;
    private final CacheMetrics metrics;
    private final CacheSpans spans;

    public RedisLock(RedisDataSource redis, RedisGuard guard, CacheMetrics metrics, CacheSpans spans) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.guard = guard;
        this.metrics = metrics;
        this.spans = spans;
    }

    /**
     * Tries once to take the lock. The lease says whether another instance holds it; closing the lease releases the
     * lock if this call took it. When Redis is unavailable, the lease is neither held here nor elsewhere: go ahead.
     */
    public Lease tryAcquire(String key, Duration ttl) {
        String token = UUID.randomUUID().toString();
        Boolean granted = guard.call("lock", () -> values.setAndChanged(key, token, new SetArgs().nx().px(ttl)),
                () -> null);
        if (granted == null) {
            return new Lease(key, null, false);
        }
        return granted ? new Lease(key, token, false) : new Lease(key, null, true);
    }

    /**
     * For a caller that found the lock held elsewhere: looks every {@code pollInterval}, for at most {@code maxWait},
     * for what the holder is about to write. Returns the first non-null look, or {@code null} when the holder was too
     * slow (or died) and the caller should do the work itself. Counted in {@code cache_lock_waits_total{cache,result}}
     * and traced as {@value #WAIT_SPAN}, result and outcome {@code filled} or {@code timeout}.
     */
    public <T> T awaitHolder(String cache, Duration maxWait, Duration pollInterval, Supplier<T> look) {
        T found = spans.step(WAIT_SPAN, cache, () -> poll(maxWait, pollInterval, look),
                filled -> filled != null ? "filled" : "timeout");
        metrics.lockWaited(cache, found != null ? "filled" : "timeout");
        return found;
    }

    private static <T> T poll(Duration maxWait, Duration pollInterval, Supplier<T> look) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (System.nanoTime() < deadline && pause(pollInterval)) {
            T found = look.get();
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * The miss path of a cached key across instances: the one that takes the lock looks once more (it may have missed
     * just before the previous holder stored the key and got the lock just after it let go), then loads; the others
     * wait briefly for what the holder writes, and load themselves only when it is too slow or died. {@code look}
     * returns {@code null} for "not there yet".
     */
    public <T> T lookOrLoadOnce(String cache, String lockKey, Duration ttl, Duration maxWait, Duration pollInterval,
            Supplier<T> look, Supplier<T> load) {
        try (Lease lease = tryAcquire(lockKey, ttl)) {
            T filled = lease.heldElsewhere() ? awaitHolder(cache, maxWait, pollInterval, look)
                    : lease.held() ? look.get() : null;
            return filled != null ? filled : load.get();
        }                                                     // the lease releases the lock if this call took it
    }

    /** Waits between two looks; false when the thread is interrupted (the request is going away). */
    private static boolean pause(Duration interval) {
        try {
            Thread.sleep(interval);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The outcome of {@link #tryAcquire}; use it in try-with-resources. */
    public final class Lease implements AutoCloseable {

        private final String key;
        private final String token;
        private final boolean heldElsewhere;

        private Lease(String key, String token, boolean heldElsewhere) {
            this.key = key;
            this.token = token;
            this.heldElsewhere = heldElsewhere;
        }

        /** This call took the lock. */
        public boolean held() {
            return token != null;
        }

        /** Another instance holds the lock. */
        public boolean heldElsewhere() {
            return heldElsewhere;
        }

        @Override
        public void close() {
            if (token != null) {                     // on failure the lock's TTL frees it
                guard.run("unlock", () -> RELEASE_IF_OWNER.run(redis, List.of(key), token));
            }
        }
    }
}
