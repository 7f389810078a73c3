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

    /** The longest period the stats cover; each day's HyperLogLog lives this long after its day ended. */
    public static final int MAX_DAYS = 31;

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

    /** When the HyperLogLog of {@code day} expires (epoch seconds): {@link #MAX_DAYS} after the day ended. */
    static long visitorsExpireAt(LocalDate day) {
        return day.plusDays(1 + MAX_DAYS).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }
}
