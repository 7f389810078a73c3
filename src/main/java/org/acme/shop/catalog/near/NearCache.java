package org.acme.shop.catalog.near;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.acme.shop.cache.CacheMetrics;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.acme.shop.catalog.CatalogConfig;
import org.acme.shop.catalog.cache.ProductCache;
import org.acme.shop.redis.CacheConfig;

/**
 * The <b>near cache</b> (L1): products held in this instance's memory in front of the Redis cache-aside (L2), as the
 * very JSON string Redis holds, so that a hit costs neither a network round trip nor any serialisation. Bounded in
 * size and age (Caffeine, {@code catalog.cache.near.*}).
 * <p>
 * It is <b>coherent across instances through Redis itself</b>: {@link NearCacheTracking} keeps one RESP3 connection
 * with {@code CLIENT TRACKING ON BCAST PREFIX <prefix>:catalog:product:}, and every {@code invalidate} push that names
 * a product key evicts it here ({@link #evict}). The writers change nothing: their after-commit {@code UNLINK} is what
 * makes Redis push. The cache is read and filled only while that connection tracks; losing it clears everything
 * ({@link #stopUsing}), since pushes may have been missed meanwhile.
 * <p>
 * The race it must not lose: a reader fetches the old JSON from Redis, a write's push evicts the (absent) entry, then
 * the reader stores what it fetched, and the stale copy would live until the TTL. So a reader takes a {@link Ticket}
 * before it asks Redis, and {@link #fill} stores only if nothing invalidated that id (a stamp per stripe of ids) and
 * nothing cleared the cache or changed the tracking state (the epoch) since the ticket. The check and the store are one
 * atomic step per key ({@code compute}), and an eviction bumps the stamp before it removes, so either the fill sees the
 * new stamp, or its entry is already in place when the eviction removes it.
 */
@ApplicationScoped
public class NearCache {

    /** Stripes of ids sharing one invalidation stamp: a push voids the fills in flight of 1 id in 1,024, not all. */
    private static final int STRIPES = 1024;

    /** A reader's permission to fill, taken before it asked Redis. */
    public record Ticket(long id, long epoch, long stamp) {
    }

    /**
     * The cached JSON and its entity tag (both {@code null} for a tombstone), and the epoch it was filled in: an entry
     * of an earlier epoch is never served.
     */
    private record Entry(String json, String tag, long epoch) {
    }

    private final Cache<Long, Entry> entries;
    private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);
    /** Bumped by every clear and every change of the tracking state. */
    private final AtomicLong epoch = new AtomicLong();
    /** True only while the tracking connection is on: the near cache is not used otherwise. */
    private volatile boolean coherent;
    private final boolean enabled;
    private final CacheMetrics metrics;

    public NearCache(CatalogConfig catalog, CacheConfig cache, CacheMetrics metrics) {
        CatalogConfig.Near config = catalog.cache().near();
        this.enabled = cache.enabled() && config.enabled();
        this.entries = Caffeine.newBuilder().maximumSize(config.maximumSize()).expireAfterWrite(config.ttl()).build();
        this.metrics = metrics;
        metrics.gauge("cache.near.size", ProductCache.NAME, entries, Cache::estimatedSize);
        metrics.gauge("cache.near.tracking", ProductCache.NAME, this, near -> near.coherent ? 1 : 0);
    }

    /** Whether the near cache is switched on ({@code catalog.cache.near.enabled} and the cache itself). */
    public boolean enabled() {
        return enabled;
    }

    /** Whether it is in use now: switched on, and the tracking connection is on. */
    public boolean inUse() {
        return coherent;
    }

    /** The product as {@link CacheOutcome#L1} ({@code null} value for a tombstone), or {@code null} when not held. */
    public Cached<String> get(long id) {
        if (!coherent) {
            return null;                                      // tracking is off: nothing here can be trusted
        }
        Entry entry = entries.getIfPresent(id);
        boolean hit = entry != null && entry.epoch() == epoch.get();
        metrics.nearRead(ProductCache.NAME, hit);
        if (!hit) {
            return null;
        }
        return new Cached<>(entry.json(), CacheOutcome.L1, entry.tag());
    }

    /** Taken before Redis is asked; {@code null} when the near cache is not in use (nothing will be filled). */
    public Ticket ticket(long id) {
        long current = epoch.get();                           // before the state: a change after it voids the ticket
        if (!coherent) {
            return null;
        }
        return new Ticket(id, current, stamps.get(stripe(id)));
    }

    /**
     * Stores what the reader got from Redis (a product with its entity tag, or a tombstone: a {@code null} value),
     * unless the id was invalidated or the cache cleared since the ticket was taken.
     */
    public void fill(Ticket ticket, Cached<String> read) {
        if (ticket == null || !valid(ticket)) {
            return;
        }
        // compute holds the key's lock: an eviction that bumps the stamp after this check removes the entry after it.
        Entry filled = new Entry(read.value(), read.tag(), ticket.epoch());   // a tombstone has no tag
        entries.asMap().compute(ticket.id(), (id, held) -> valid(ticket) ? filled : held);
    }

    /** A key changed: drop it, and void every fill of its stripe that is in flight. */
    public void evict(long id, String cause) {
        stamps.incrementAndGet(stripe(id));                   // first: see fill
        if (entries.asMap().remove(id) != null) {
            metrics.nearEvicted(ProductCache.NAME, cause);
        }
    }

    /** Redis pushed a flush (a {@code null} invalidation): every key may have changed. */
    void clear(String cause) {
        epoch.incrementAndGet();                              // first: entries and tickets of the old epoch are void
        entries.invalidateAll();
        metrics.nearCleared(ProductCache.NAME, cause);
    }

    /** The tracking connection is on: from now on every change of a product key reaches {@link #evict}. */
    void startUsing() {
        epoch.incrementAndGet();
        coherent = true;
    }

    /** The tracking connection is gone: pushes may be lost from here on, so nothing cached may be served. */
    void stopUsing() {
        boolean was = coherent;
        coherent = false;
        epoch.incrementAndGet();
        entries.invalidateAll();
        if (was) {                                            // once per lost connection, not per failed attempt
            metrics.nearCleared(ProductCache.NAME, "disconnect");
        }
    }

    /** Entries held now (including any not yet swept after a clear), for the tests and the size gauge. */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private boolean valid(Ticket ticket) {
        return coherent && epoch.get() == ticket.epoch() && stamps.get(stripe(ticket.id())) == ticket.stamp();
    }

    private static int stripe(long id) {
        return (int) (id & (STRIPES - 1));
    }
}
