package org.acme.shop.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import org.acme.shop.cache.CacheMetrics;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.acme.shop.http.problem.Conflict;
import org.acme.shop.http.problem.NotFound;
import org.acme.shop.inventory.flashsale.FlashSaleStore;
import org.acme.shop.inventory.reservation.ReservationView;
import org.acme.shop.outbox.CacheOutbox;
import org.acme.shop.outbox.OutboxHandler;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;

/**
 * <b>Write-through</b> for stock. Every write commits to PostgreSQL first, then, in the same request, writes the
 * committed row to the HASH {@code shop:inventory:stock:{sku}}. Reads are served from that HASH; a miss loads the row
 * and fills the HASH through the same version guard.
 * <p>
 * The order is the point: {@link InventoryService} owns the transaction, so when one of its methods returns, the row
 * is committed, and only then does this class touch Redis. Calling the service and then the cache in plain sequence
 * shows that order on one screen; an {@code AFTER_SUCCESS} observer (what the catalog uses for invalidation) would do
 * the same but hide the second step in another class. {@code TxType.NEVER} keeps it true: called inside someone
 * else's transaction, this class would write Redis before that transaction commits, so such a call fails at once.
 * <p>
 * The write-through after the commit is the fast path; the <b>outbox</b> row that {@link InventoryService} committed
 * with the change is the guarantee. Once Redis holds the committed version (or a newer one), the sku's rows up to it
 * are deleted; when the write-through fails, they stay and {@code OutboxRelay} replays them through {@link #apply},
 * the same version guard, so a late replay never overwrites a newer state.
 */
@ApplicationScoped
@Transactional(TxType.NEVER)
public class StockWriteThrough implements OutboxHandler {

    static final String NAME = "stock";

    /**
     * Applies a stock state only if its version is newer than the one Redis holds, and restarts the TTL. Writers
     * finish in any order: a request that committed version 7 may reach Redis after the one that committed version 8,
     * and without this check it would leave version 7 in the cache until the next write. Equal versions are refused
     * too: the state is already there. One script, so the comparison and the write are atomic in Redis.
     * <p>
     * {@code KEYS[1]} the HASH; {@code ARGV} version, available, reserved, TTL in ms. Returns 1 if applied, 0 if not.
     */
    static final LuaScript SET_IF_NEWER = LuaScript.of("""
            local stored = tonumber(redis.call('HGET', KEYS[1], 'version'))
            if stored and stored >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('HSET', KEYS[1], 'available', ARGV[2], 'reserved', ARGV[3], 'version', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """);

    private final InventoryService inventory;
    private final RedisDataSource redis;
    private final HashCommands<String, String, String> hashes;
    private final KeyCommands<String> keyCommands;
    private final RedisGuard guard;
    private final InventoryKeys keys;
    private final CacheMetrics cacheMetrics;
    private final MeterRegistry registry;
    private final Duration ttl;
    private final CacheOutbox outbox;
    private final boolean applyAfterCommit;
    private final Event<SaleConfirmed> sales;

    public StockWriteThrough(InventoryService inventory, RedisDataSource redis, RedisGuard guard, InventoryKeys keys,
            CacheMetrics cacheMetrics, MeterRegistry registry, InventoryConfig config, CacheOutbox outbox,
            CacheConfig cacheConfig, Event<SaleConfirmed> sales) {
        this.inventory = inventory;
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.guard = guard;
        this.keys = keys;
        this.cacheMetrics = cacheMetrics;
        this.registry = registry;
        this.ttl = config.cache().stockTtl();
        this.outbox = outbox;
        this.applyAfterCommit = cacheConfig.outbox().applyAfterCommit();
        this.sales = sales;
    }

    // --- reads --------------------------------------------------------------------------------------------------------

    public Cached<StockLevel> find(String sku) {
        Cached<StockLevel> read = guard.call("get", () -> cached(sku),                  // HGETALL …:stock:{sku}
                () -> new Cached<>(load(sku), CacheOutcome.BYPASS));                    // Redis down: Postgres answers
        if (read == null) {
            StockLevel loaded = load(sku);
            apply(loaded);         // a writer may have committed a newer row meanwhile: the guard keeps the newer one
            read = new Cached<>(loaded, CacheOutcome.MISS);
        }
        cacheMetrics.read(NAME, read.outcome());
        return read;
    }

    // --- writes: commit first, then Redis -----------------------------------------------------------------------------

    public StockLevel setAvailable(String sku, int available) {
        StockLevel committed = inventory.setAvailable(sku, available);
        writeThrough(committed);
        return committed;
    }

    public ReservationView reserve(String sku, int quantity, long ownerId) {
        InventoryService.ReservationMade made;
        try {
            made = inventory.reserve(sku, quantity, ownerId);
        } catch (Conflict shortStock) {
            count("inventory.reservations", "rejected");
            throw shortStock;
        }
        count("inventory.reservations", "accepted");
        writeThrough(made.stock());
        return made.reservation();
    }

    /** Cancelling twice is not an error: the second call changes nothing and writes nothing. */
    public void cancel(UUID id, InventoryService.Caller caller) {
        inventory.cancel(id, caller).ifPresent(this::writeThrough);
    }

    /** A confirmation moves units out of {@code reserved}; confirming again changes nothing and writes nothing. */
    public ReservationView confirm(UUID id, InventoryService.Caller caller) {
        InventoryService.Confirmed confirmed = inventory.confirm(id, caller);
        confirmed.stock().ifPresent(this::writeThrough);
        confirmed.stock().ifPresent(sold -> sales.fire(new SaleConfirmed(confirmed.reservation().sku(),  // confirmed
                confirmed.reservation().quantity(), confirmed.reservation().confirmedAt())));     // now, not before
        return confirmed.reservation();
    }

    /**
     * Expires holds whose time has passed, one transaction each, and writes each changed stock row through like any
     * other stock change. Stops after {@code max}, so one pass cannot run unbounded; the next pass takes the rest.
     *
     * @return how many holds expired
     */
    public int expireDue(int max) {
        int expired = 0;
        for (Optional<StockLevel> released = inventory.expireOne(); released.isPresent();
                released = expired < max ? inventory.expireOne() : Optional.empty()) {
            writeThrough(released.get());
            expired++;
            count("inventory.reservations", "expired");
        }
        return expired;
    }

    // --- the cache write: after a commit, on a miss, and from the outbox relay ------------------------------------

    /**
     * After a commit: write the committed row through; once Redis holds it (or newer), its outbox rows are done.
     * Package-private for the flash sale, whose stock changes commit in {@link FlashSaleStore}.
     */
    public void writeThrough(StockLevel committed) {
        if (!applyAfterCommit) {
            return;                                   // failure injection: the outbox relay is left to do it
        }
        Boolean applied = apply(committed);
        if (applied == null) {
            // PostgreSQL has committed and stays right, so the request still succeeds. The HASH may now hold an older
            // state: delete it so that the next read loads the row. The outbox row stays: the relay writes the state
            // through once Redis answers again, and the TTL is only the last resort.
            guard.run("evict", () -> keyCommands.unlink(keys.stock(committed.sku())));
            return;
        }
        outbox.stockApplied(committed.sku(), committed.version());
    }

    /**
     * Sends one committed stock state through the version guard: {@code true} applied, {@code false} refused because
     * Redis holds that version or a newer one, {@code null} when Redis failed. Called outside any transaction by the
     * requests, and by the relay inside the transaction that holds its outbox rows (the state it sends committed long
     * ago), hence {@code SUPPORTS}.
     */
    @Transactional(TxType.SUPPORTS)
    public Boolean apply(StockLevel level) {
        String key = keys.stock(level.sku());
        Boolean applied = guard.call("write-through", () -> SET_IF_NEWER.run(redis, List.of(key),
                Long.toString(level.version()), Integer.toString(level.available()),
                Integer.toString(level.reserved()), Long.toString(ttl.toMillis())).toLong() == 1, () -> null);
        count("inventory.cache.writes", applied == null ? "failed" : applied ? "applied" : "stale");
        return applied;
    }

    @Override
    public String kind() {
        return CacheOutbox.STOCK;
    }

    /**
     * The outbox relay's replay of a stock row: applied, or refused because Redis holds a newer state, is done. Inside
     * the relay's transaction, which holds the row locked, hence {@code SUPPORTS}.
     */
    @Override
    @Transactional(TxType.SUPPORTS)
    public boolean apply(CacheOutbox.Entry row) {
        CacheOutbox.StockRow stock = row.stock();
        return apply(new StockLevel(stock.sku(), stock.available(), stock.reserved(), stock.version())) != null;
    }

    private StockLevel load(String sku) {
        cacheMetrics.load(NAME);
        return inventory.find(sku).orElseThrow(() -> new NotFound("No product with sku " + sku));
    }

    /** A hit, or {@code null} when the HASH is not there. */
    private Cached<StockLevel> cached(String sku) {
        Map<String, String> fields = hashes.hgetall(keys.stock(sku));
        return fields.isEmpty() ? null : new Cached<>(new StockLevel(sku, Integer.parseInt(fields.get("available")),
                Integer.parseInt(fields.get("reserved")), Long.parseLong(fields.get("version"))), CacheOutcome.HIT);
    }

    private void count(String metric, String result) {
        registry.counter(metric, "result", result).increment();
    }
}
