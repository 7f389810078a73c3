package org.acme.shop.views;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hyperloglog.HyperLogLogCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import org.acme.shop.http.problem.NotFound;
import org.acme.shop.http.problem.ServiceUnavailable;
import org.acme.shop.redis.RedisGuard;

/**
 * Reads the views of one product: the flushed count from PostgreSQL, the pending counter and the
 * <b>unique viewers</b> from Redis. Unique viewers over several days are one {@code PFCOUNT} of the days'
 * HyperLogLogs, which Redis merges on the fly: a visitor seen on three of the days counts once.
 * <p>
 * The pending views and the visitors exist only in Redis: without Redis the answer is {@code 503} with
 * {@code Retry-After}, like a session, rather than a total that silently leaves them out.
 */
@ApplicationScoped
public class ViewStatistics {

    /**
     * The longest period the stats cover, and so how many day keys a product has at most: each day's HyperLogLog
     * lives until the last period that covers it has passed. A week, not a month, for the state role's memory: see
     * {@link #MAX_BYTES_PER_PRODUCT}.
     */
    public static final int MAX_DAYS = 7;

    /**
     * What one day's HyperLogLog costs its Redis at most: {@code MEMORY USAGE} of a dense key (12,304 bytes of
     * registers in a 14,336-byte allocation, with its key) is 14,424 bytes on Redis 7; rounded up for a longer id.
     */
    public static final long MAX_BYTES_PER_DAY_KEY = 14_500;

    /**
     * The unique-viewer bound: what one product's day keys cost at most, {@link #MAX_DAYS} × {@link
     * #MAX_BYTES_PER_DAY_KEY}, about 100 KB. Only a product that exists gets keys (only a found product counts a
     * view), so a catalog of {@code n} products costs at most {@code n} times this (docs/unique-viewers.md).
     */
    public static final long MAX_BYTES_PER_PRODUCT = MAX_DAYS * MAX_BYTES_PER_DAY_KEY;

    private final ValueCommands<String, Long> counters;
    private final HyperLogLogCommands<String, String> hyperLogLogs;
    private final RedisGuard guard;
    private final ViewKeys keys;
    private final ViewCounts counts;
    private final ViewCounter counter;

    public ViewStatistics(@RedisClientName("sessions") RedisDataSource redis,
            @RedisClientName("sessions") RedisGuard guard, ViewKeys keys, ViewCounts counts, ViewCounter counter) {
        this.counters = redis.value(Long.class);
        this.hyperLogLogs = redis.hyperloglog(String.class);
        this.guard = guard;
        this.keys = keys;
        this.counts = counts;
        this.counter = counter;
    }

    /** The stats of an existing product over the last {@code days} UTC days, today included. */
    public ViewStats of(long productId, int days) {
        long flushed = counts.flushed(productId)
                .orElseThrow(() -> new NotFound("No product with id " + productId));
        int shard = counter.shard(productId);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String[] dayKeys = IntStream.range(0, days)
                .mapToObj(back -> keys.viewVisitors(shard, productId, today.minusDays(back))).toArray(String[]::new);
        List<Long> redisPart = guard.call("views-stats", () -> {
            Long pending = counters.get(keys.viewsPending(shard, productId));
            return List.of(pending == null ? 0L : pending, hyperLogLogs.pfcount(dayKeys));
        }, () -> {
            throw new ServiceUnavailable("The view counters are unavailable");
        });
        long pending = redisPart.get(0);
        return new ViewStats(productId, flushed, pending, flushed + pending, days, redisPart.get(1));
    }

    /**
     * When the HyperLogLog of {@code day} expires (epoch seconds): when {@code day} leaves the longest period, at the
     * start of the day {@link #MAX_DAYS} after it. So a product has {@link #MAX_DAYS} day keys at most.
     */
    static long visitorsExpireAt(LocalDate day) {
        return day.plusDays(MAX_DAYS).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }
}
