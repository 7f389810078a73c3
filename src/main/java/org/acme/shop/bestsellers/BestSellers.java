package org.acme.shop.bestsellers;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.runtime.StartupEvent;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.acme.shop.cache.RedisLock;
import org.acme.shop.catalog.ProductView;
import org.acme.shop.catalog.cache.ProductBulkCache;
import org.acme.shop.http.problem.Conflict;
import org.acme.shop.http.problem.ServiceUnavailable;
import org.acme.shop.inventory.SaleConfirmed;
import org.acme.shop.redis.RedisGuard;
import org.jboss.logging.Logger;

/**
 * <b>Sorted sets as ranked counters.</b> Each UTC day has a ZSET {@code shop:{bestsellers}:day:<yyyy-mm-dd>}, member
 * the product id, score the units of its confirmed reservations that day. A confirmation adds to it with
 * {@code ZINCRBY}; a ranking of the last {@code days} days is one {@code ZUNION … WITHSCORES} of their keys (a
 * missing key counts as empty), every day weighing the same. The day keys carry one hash tag so that the union is a
 * single-slot command on Redis Cluster.
 * <p>
 * Redis holds only counters that PostgreSQL can recompute: the reservations stay there, so {@link #rebuild} rewrites
 * the day keys from them (the admin endpoint, and after start-up when none exists), and a ranking asked while Redis is
 * unavailable is computed from them too ({@code X-Cache: BYPASS}).
 */
@ApplicationScoped
public class BestSellers {

    private static final Logger LOG = Logger.getLogger(BestSellers.class);
    /** Far longer than the grouped query and one MULTI take; frees the lock of an instance that died rebuilding. */
    private static final Duration REBUILD_LOCK_TTL = Duration.ofSeconds(30);

    private final RedisDataSource redis;
    private final SortedSetCommands<String, String> sortedSets;
    private final KeyCommands<String> keyCommands;
    private final RedisGuard guard;
    private final RedisLock locks;
    private final BestSellerKeys keys;
    private final SalesHistory history;
    private final ProductBulkCache products;
    private final ObjectMapper json;
    private final BestSellersConfig config;

    public BestSellers(RedisDataSource redis, RedisGuard guard, RedisLock locks, BestSellerKeys keys, SalesHistory history,
            ProductBulkCache products, ObjectMapper json, BestSellersConfig config) {
        this.redis = redis;
        this.sortedSets = redis.sortedSet(String.class);
        this.keyCommands = redis.key();
        this.guard = guard;
        this.locks = locks;
        this.keys = keys;
        this.history = history;
        this.products = products;
        this.json = json;
        this.config = config;
    }

    // --- the write: one ZINCRBY per confirmed reservation ---------------------------------------------------------------

    /**
     * Counts a confirmed reservation in the ZSET of the UTC day it was confirmed. The inventory fires
     * {@link SaleConfirmed} after the confirmation has committed; when Redis fails the sale is not counted there (the
     * confirmation still succeeds) and only a {@link #rebuild} brings it back: the guard logs the outage and counts it.
     */
    void onSale(@Observes SaleConfirmed sale) {
        recordSale(sale.sku(), sale.quantity(), sale.confirmedAt());
    }

    /** Counts {@code quantity} units of {@code sku} in the ZSET of the UTC day of {@code confirmedAt}. */
    public void recordSale(String sku, int quantity, OffsetDateTime confirmedAt) {
        Optional<Long> productId = history.productIdOfSku(sku);
        if (productId.isEmpty()) {
            return;                                           // deleted meanwhile: not in any ranking
        }
        LocalDate day = confirmedAt.atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        String key = keys.bestSellersDay(day);
        guard.run("zincrby", () -> redis.withTransaction(tx -> {  // MULTI … EXEC on one key: never a key without TTL
            tx.sortedSet(String.class).zincrby(key, quantity, productId.get().toString());
            tx.key().pexpireat(key, expiryOf(day));
        }));
    }

    // --- the read: ZUNION of the window's days, named by one bulk read of the catalog ------------------------------

    /** The {@code limit} products that sold most in the last {@code days} UTC days (today included). */
    public Cached<BestSellerList> top(int days, int limit) {
        LocalDate to = today();
        LocalDate from = to.minusDays(days - 1L);
        String[] dayKeys = IntStream.range(0, days).mapToObj(i -> keys.bestSellersDay(to.minusDays(i)))
                .toArray(String[]::new);
        List<ScoredValue<String>> union = guard.call("zunion",
                () -> sortedSets.zunionWithScores(dayKeys),           // ZUNION n day… WITHSCORES
                () -> null);
        CacheOutcome outcome = CacheOutcome.HIT;
        Map<Long, Long> units = new HashMap<>();
        if (union == null) {
            outcome = CacheOutcome.BYPASS;                    // Redis failed: count in PostgreSQL
            units.putAll(history.units(from));
        } else {
            union.forEach(scored -> units.put(Long.parseLong(scored.value()), Math.round(scored.score())));
        }
        List<Long> ranked = units.entrySet().stream()
                .sorted(Map.Entry.<Long, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
        return new Cached<>(new BestSellerList(from, to, named(ranked, units)), outcome);
    }

    /** Names and prices from the catalog cache, all in one bulk read; products deleted since are left out. */
    private List<BestSeller> named(List<Long> ranked, Map<Long, Long> units) {
        if (ranked.isEmpty()) {
            return List.of();
        }
        List<Cached<String>> reads = products.findAll(ranked);
        List<BestSeller> items = new ArrayList<>(ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            if (reads.get(i).found()) {
                ProductView product = parse(reads.get(i).value());
                items.add(new BestSeller(product.id(), product.sku(), product.name(), product.price(),
                        units.get(ranked.get(i))));
            }
        }
        return items;
    }

    // --- the repair: the day keys from PostgreSQL ----------------------------------------------------------------

    /**
     * Rewrites the day keys of the last {@code best-sellers.max-days} days from the confirmed reservations: one grouped
     * query, then one {@code MULTI} that deletes each day key and writes it again with its expiry, so that no reader
     * sees a half-written window. A confirmation that commits while a rebuild runs may be counted twice or not at all
     * (its {@code ZINCRBY} can land before or after the rewrite); run it again after a quiet moment to be exact.
     *
     * @throws Conflict when another instance is rebuilding right now
     * @throws ServiceUnavailable when Redis is unavailable: there is nothing to rebuild into
     */
    public RebuildReport rebuild() {
        try (RedisLock.Lease lease = locks.tryAcquire(keys.bestSellersRebuildLock(), REBUILD_LOCK_TTL)) {
            if (lease.heldElsewhere()) {
                throw new Conflict("The best sellers are being rebuilt by another instance; try again in a moment");
            }
            LocalDate to = today();
            LocalDate from = to.minusDays(config.maxDays() - 1L);
            Map<LocalDate, Map<Long, Long>> sales = history.dailyUnits(from);
            boolean written = guard.call("rebuild", () -> {
                redis.withTransaction(tx -> {                     // one slot: every day key has {bestsellers}
                    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                        String key = keys.bestSellersDay(day);
                        tx.key().del(key);
                        Map<Long, Long> units = sales.get(day);
                        if (units != null) {
                            Map<String, Double> scores = new HashMap<>();
                            units.forEach((id, sold) -> scores.put(id.toString(), sold.doubleValue()));
                            tx.sortedSet(String.class).zadd(key, scores);
                            tx.key().pexpireat(key, expiryOf(day));
                        }
                    }
                });
                return true;
            }, () -> false);
            if (!written) {
                throw new ServiceUnavailable("Redis is unavailable: the best sellers cannot be rebuilt now");
            }
            long unitsSold = sales.values().stream().flatMap(day -> day.values().stream()).mapToLong(Long::longValue)
                    .sum();
            return new RebuildReport(from, to, sales.size(), unitsSold);
        }
    }

    /**
     * At start-up, on a thread of its own: the rebuild is a grouped query and a {@code MULTI}, about 0.3 s of a start
     * on 2 cores (docs/benchmark.md#start-up-and-memory), and a pod can serve without it, so readiness does not wait
     * for it. A ranking asked meanwhile sees the window as Redis holds it, as during any rebuild.
     */
    void onStart(@Observes StartupEvent event) {
        if (config.rebuildAtStart()) {
            Thread.ofVirtual().name("best-sellers-rebuild").start(this::rebuildWhenEmpty);
        }
    }

    /** Rebuilds when no day of the longest window has a key (Redis lost them, or this is a new Redis). */
    void rebuildWhenEmpty() {
        LocalDate to = today();
        String[] window = IntStream.range(0, config.maxDays()).mapToObj(i -> keys.bestSellersDay(to.minusDays(i)))
                .toArray(String[]::new);
        Integer present = guard.call("exists", () -> keyCommands.exists(window), () -> null);
        if (present == null || present > 0) {
            return;                                           // Redis is away (the guard logged it), or keys are there
        }
        try {
            RebuildReport report = rebuild();
            LOG.infof("Rebuilt the best sellers from PostgreSQL: %d days with sales, %d units", report.daysWithSales(),
                    report.unitsSold());
        } catch (Conflict otherInstance) {
            LOG.debug("Another instance is rebuilding the best sellers");
        } catch (ServiceUnavailable redisAway) {
            LOG.debug("Redis went away before the best sellers could be rebuilt");
        } catch (RuntimeException stopping) {                // PostgreSQL away, or the app stopping meanwhile
            LOG.warnf("The best sellers were not rebuilt at start-up (%s); POST /api/products/best-sellers/rebuild "
                    + "rebuilds them", stopping.getMessage());
        }
    }

    /**
     * A day key lives until the start of the UTC day {@code max-days + 1} days after its own: long enough for every
     * window that can include it, plus a day, so that a ranking read just after midnight still finds the oldest day.
     */
    private Instant expiryOf(LocalDate day) {
        return day.plusDays(config.maxDays() + 1L).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private ProductView parse(String body) {
        try {
            return json.readValue(body, ProductView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A cached product is not valid JSON", e);
        }
    }
}
