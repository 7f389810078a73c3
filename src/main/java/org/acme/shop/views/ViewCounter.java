package org.acme.shop.views;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import org.acme.shop.common.KeySpace;
import org.acme.shop.common.LuaScript;
import org.acme.shop.common.RedisGuard;
import org.jboss.logging.Logger;

/**
 * The front half of <b>write-behind</b>: counting a view without making the reader wait. {@link #record} puts the
 * view into a bounded in-memory buffer and returns; it sends nothing to Redis. A sender thread takes the buffered
 * views every {@code views.send-interval} (100 ms), adds them up per product and day, and sends them with one script
 * per shard ({@link #RECORD}): {@code XADD} of one entry with the deltas of every product to the stream that
 * {@link ViewFlusher} drains, {@code INCRBY} of each product's pending counter, {@code PFADD} of the visitors to the
 * day's HyperLogLog.
 * <p>
 * So a read costs no Redis round trip for its view, and a slow or dead Redis never slows or fails a read. The price
 * is a bounded loss: the views still in the buffer when the instance is killed ({@code kill -9}, an OOM kill; a normal
 * shutdown sends them first), at most one send interval's worth. Once the script has run, nothing is lost until the
 * flusher has committed them.
 * <p>
 * Redis down: while {@link RedisGuard} reports an outage the views wait in the buffer; a send that fails is dropped
 * (it may have run: sending it again could count it twice). Dropped views are counted in
 * {@code views_dropped_total{reason}}: {@code buffer-full}, {@code redis}, {@code stream-full}.
 */
@ApplicationScoped
public class ViewCounter {

    private static final Logger LOG = Logger.getLogger(ViewCounter.class);

    /** Views per script: bounds the script's arguments (one visitor each at most) and its time inside Redis. */
    static final int VIEWS_PER_SCRIPT = 1000;

    /**
     * Adds one send of one shard, atomically: one stream entry {@code {at, <product id>: <views>, …}} with the views
     * of every product in the send, the products' pending counters, and their visitors. The entry and the counters
     * never disagree, which the stats rely on (pending = the counter). Refuses the whole send ({@code 0}) when the
     * stream already holds {@code views.max-pending} entries, so a flusher that cannot write cannot make Redis run
     * out of memory.
     * <p>
     * {@code KEYS} the stream, then per group (one product, one UTC day) its pending counter and its visitors'
     * HyperLogLog, all with the shard's hash tag. {@code ARGV} max pending, the first view (epoch ms), the number of
     * products and per product its id and views (the entry's fields), then per group: views, the visitors' expiry
     * (epoch s), the number of visitors, the visitors.
     */
    static final LuaScript RECORD = LuaScript.of("""
            if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then
              return 0
            end
            local products = tonumber(ARGV[3])
            local fields = {'at', ARGV[2]}
            for i = 4, 3 + 2 * products do
              fields[#fields + 1] = ARGV[i]
            end
            redis.call('XADD', KEYS[1], '*', unpack(fields))
            local a = 4 + 2 * products
            for k = 2, #KEYS, 2 do
              redis.call('INCRBY', KEYS[k], ARGV[a])
              local visitors = tonumber(ARGV[a + 2])
              if visitors > 0 then
                redis.call('PFADD', KEYS[k + 1], unpack(ARGV, a + 3, a + 2 + visitors))
                redis.call('EXPIREAT', KEYS[k + 1], ARGV[a + 1])
              end
              a = a + 3 + visitors
            end
            return 1
            """);

    /** One view, as the request recorded it. */
    record View(long productId, String visitor, long atMillis) {
    }

    /** The views of one product on one UTC day within a batch. */
    private record Group(long productId, LocalDate day) {
    }

    private static final class Sum {
        long views;
        long firstAtMillis = Long.MAX_VALUE;
        final Set<String> visitors = new LinkedHashSet<>();
    }

    private final RedisDataSource redis;
    private final RedisGuard guard;
    private final KeySpace keys;
    private final ViewsConfig config;
    private final MeterRegistry registry;
    private final BlockingQueue<View> buffer;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("view-sender").factory());

    public ViewCounter(@RedisClientName("sessions") RedisDataSource redis, RedisGuard guard, KeySpace keys,
            ViewsConfig config, MeterRegistry registry) {
        this.redis = redis;
        this.guard = guard;
        this.keys = keys;
        this.config = config;
        this.registry = registry;
        this.buffer = new ArrayBlockingQueue<>(config.bufferSize());
        registry.counter("views.counted");                                  // listed at 0 before the first
        for (String reason : List.of("buffer-full", "redis", "stream-full")) {
            registry.counter("views.dropped", "reason", reason);
        }
    }

    void start(@Observes StartupEvent started) {
        long interval = config.sendInterval().toMillis();
        sender.scheduleWithFixedDelay(this::sendBufferedQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * A normal shutdown sends what is left, while the Redis client is still open: only a killed instance loses its
     * buffer.
     */
    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
        sendBuffered();
    }

    /** Counts one view of an existing product by the caller of {@code request}. Never blocks, never touches Redis. */
    public void record(long productId, HttpServerRequest request) {
        if (config.enabled()) {
            record(productId, VisitorId.of(request));
        }
    }

    void record(long productId, String visitor) {
        if (!buffer.offer(new View(productId, visitor, System.currentTimeMillis()))) {
            registry.counter("views.dropped", "reason", "buffer-full").increment();
        }
    }

    /** Sends every buffered view, one script per shard and {@link #VIEWS_PER_SCRIPT} views; the sender's task. */
    void sendBuffered() {
        List<View> batch = new ArrayList<>(VIEWS_PER_SCRIPT);
        while (!guard.isDown() && buffer.drainTo(batch, VIEWS_PER_SCRIPT) > 0) {
            send(batch);
            batch.clear();
        }
    }

    private void sendBufferedQuietly() {
        try {
            sendBuffered();
        } catch (RuntimeException e) {                     // a scheduled task that throws is never run again
            LOG.warnf("Views not sent: %s", e.getMessage());
        }
    }

    private void send(List<View> views) {
        Map<Integer, Map<Group, Sum>> shards = new LinkedHashMap<>();
        for (View view : views) {
            Group group = new Group(view.productId(),
                    LocalDate.ofInstant(Instant.ofEpochMilli(view.atMillis()), ZoneOffset.UTC));
            Sum sum = shards.computeIfAbsent(shard(view.productId()), s -> new LinkedHashMap<>())
                    .computeIfAbsent(group, g -> new Sum());
            sum.views++;
            sum.firstAtMillis = Math.min(sum.firstAtMillis, view.atMillis());
            sum.visitors.add(view.visitor());
        }
        shards.forEach(this::sendShard);
    }

    private void sendShard(int shard, Map<Group, Sum> groups) {
        Map<Long, Long> viewsPerProduct = new LinkedHashMap<>();
        long firstAt = Long.MAX_VALUE;
        for (Map.Entry<Group, Sum> entry : groups.entrySet()) {
            viewsPerProduct.merge(entry.getKey().productId(), entry.getValue().views, Long::sum);
            firstAt = Math.min(firstAt, entry.getValue().firstAtMillis);
        }
        List<String> scriptKeys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        scriptKeys.add(keys.viewStream(shard));
        args.add(Long.toString(config.maxPending()));
        args.add(Long.toString(firstAt));
        args.add(Integer.toString(viewsPerProduct.size()));
        viewsPerProduct.forEach((productId, count) -> {
            args.add(Long.toString(productId));
            args.add(Long.toString(count));
        });
        long views = 0;
        for (Map.Entry<Group, Sum> entry : groups.entrySet()) {
            Group group = entry.getKey();
            Sum sum = entry.getValue();
            scriptKeys.add(keys.viewsPending(shard, group.productId()));
            scriptKeys.add(keys.viewVisitors(shard, group.productId(), group.day()));
            args.add(Long.toString(sum.views));
            args.add(Long.toString(ViewStatistics.visitorsExpireAt(group.day())));
            args.add(Integer.toString(sum.visitors.size()));
            args.addAll(sum.visitors);
            views += sum.views;
        }
        long total = views;
        Long added = guard.call("views-send",
                () -> RECORD.run(redis, scriptKeys, args.toArray(String[]::new)).toLong(), () -> null);
        if (added == null) {
            registry.counter("views.dropped", "reason", "redis").increment(total);
        } else if (added == 0) {
            registry.counter("views.dropped", "reason", "stream-full").increment(total);
        } else {
            registry.counter("views.counted").increment(total);
        }
    }

    /** Which stream, and which hash tag, a product's keys belong to. */
    int shard(long productId) {
        return (int) Math.floorMod(productId, (long) config.shards());
    }
}
