package org.acme.shop.views;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.scheduler.Scheduled;
import org.acme.shop.cache.CacheSpans;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.redis.StreamConsumer;
import org.jboss.logging.Logger;

/**
 * The back half of <b>write-behind</b>: from the Redis stream to PostgreSQL. Every instance runs a flusher every
 * {@code views.flush.interval}, as one consumer of the group {@value #GROUP}, so the instances share the entries
 * instead of electing a leader. A pass, per shard, is the kernel's {@link StreamConsumer#pass}:
 * <ol>
 * <li>entries this consumer was given before and has not acknowledged (its last batch failed): {@code XREADGROUP … 0};</li>
 * <li>entries another consumer has held for {@code views.flush.claim-idle} without acknowledging them (it died):
 * {@code XAUTOCLAIM};</li>
 * <li>new entries: {@code XREADGROUP … >}.</li>
 * </ol>
 * Each batch of up to {@code views.flush.batch-size} entries is added to PostgreSQL in one transaction
 * ({@link ViewCounts#add}); only after the commit does one script ({@link #ACKNOWLEDGE}) {@code XACK} and {@code XDEL}
 * the entries and lower the pending counters. So an entry leaves Redis only once PostgreSQL holds it: a flusher that
 * dies before its commit leaves its entries to be claimed, one that dies between commit and acknowledgement leaves
 * entries whose ids PostgreSQL already holds, and the next flush of them adds nothing.
 * <p>
 * Metrics: {@code views_flushed_total}, {@code views_flush_duplicates_total} (entries delivered again and skipped),
 * {@code views_flush_statements_total} (SQL statements the flusher ran), {@code views_flush_failures_total{cause}},
 * {@code views_flush_lag_seconds} (first view of an entry to its commit, p50 and p99), {@code views_stream_entries}.
 */
@ApplicationScoped
public class ViewFlusher {

    private static final Logger LOG = Logger.getLogger(ViewFlusher.class);

    static final String GROUP = "flushers";

    /**
     * Acknowledges entries whose views PostgreSQL has committed, and takes them out of the stream and the pending
     * counters in the same step, so the stats never see an entry both flushed and pending once it is acknowledged.
     * An entry that is no longer pending (another flusher acknowledged it first) changes nothing: the counters are
     * lowered once per entry. The decrements of the batch are added up per counter first, so a product read in
     * every send costs one {@code DECRBY} per batch, not one per entry.
     * <p>
     * {@code KEYS} the stream, then the pending counters; {@code ARGV} the group, then per entry: its id, its number
     * of products, and per product the index of its counter in {@code KEYS} and its views.
     */
    static final LuaScript ACKNOWLEDGE = LuaScript.of("""
            local acknowledged = {}
            local decrements = {}
            local i = 2
            while i <= #ARGV do
              local products = tonumber(ARGV[i + 1])
              if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
                acknowledged[#acknowledged + 1] = ARGV[i]
                for j = i + 2, i + 2 * products, 2 do
                  local k = tonumber(ARGV[j])
                  decrements[k] = (decrements[k] or 0) + tonumber(ARGV[j + 1])
                end
              end
              i = i + 2 + 2 * products
            end
            if #acknowledged > 0 then
              redis.call('XDEL', KEYS[1], unpack(acknowledged))
            end
            for k, views in pairs(decrements) do
              if redis.call('DECRBY', KEYS[k], views) <= 0 then
                redis.call('DEL', KEYS[k])
              end
            end
            return #acknowledged
            """);

    private final RedisDataSource redis;
    private final StreamCommands<String, String, String> streams;
    private final StreamConsumer flushers;
    private final RedisGuard guard;
    private final ViewKeys keys;
    private final ViewCounts counts;
    private final ViewsConfig config;
    private final MeterRegistry registry;
    /** The span of one batch of stream entries added in PostgreSQL (its JDBC spans are children). */
    public static final String FLUSH_SPAN = "views.flush";

    private final Timer lag;
    private final CacheSpans spans;
    private final AtomicLong streamEntries = new AtomicLong();
    /** This instance's name in the group: the host (the pod's name on Kubernetes) and a random part. */
    private final String consumer = System.getenv().getOrDefault("HOSTNAME", "instance") + "-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private volatile boolean groupsReady;

    public ViewFlusher(@RedisClientName("sessions") RedisDataSource redis,
            @RedisClientName("sessions") RedisGuard guard, ViewKeys keys, ViewCounts counts,
            ViewsConfig config, MeterRegistry registry, CacheSpans spans) {
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.flushers = new StreamConsumer(redis, guard, GROUP, "views-flush");
        this.guard = guard;
        this.keys = keys;
        this.counts = counts;
        this.config = config;
        this.registry = registry;
        this.spans = spans;
        this.lag = Timer.builder("views.flush.lag").publishPercentiles(0.5, 0.99)
                .description("From the first view of a stream entry to the commit that added it").register(registry);
        Gauge.builder("views.stream.entries", streamEntries, AtomicLong::get)
                .description("Entries in the view streams at this instance's last flush").register(registry);
        registry.counter("views.flushed");
        registry.counter("views.flush.duplicates");
        registry.counter("views.flush.statements");
        for (String cause : List.of("redis", "database")) {
            registry.counter("views.flush.failures", "cause", cause);
        }
    }

    @Scheduled(identity = "view-flusher", every = "${views.flush.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.flush().enabled()) {
            flushPending();
        }
    }

    /** One pass as this instance's consumer; {@code false} when Redis or PostgreSQL failed (retried next pass). */
    public boolean flushPending() {
        return flushPending(consumer);
    }

    /** One pass as the named consumer: a test plays a second instance with it. */
    public boolean flushPending(String consumerName) {
        if (!groupsReady) {
            groupsReady = createGroups();
            if (!groupsReady) {
                return false;
            }
        }
        boolean complete = true;
        long entries = 0;
        for (int shard = 0; shard < config.shards() && complete; shard++) {
            complete = flushShard(shard, consumerName);
            String stream = keys.viewStream(shard);
            entries += guard.call("views-flush", () -> streams.xlen(stream), () -> 0L);
        }
        streamEntries.set(entries);
        return complete;
    }

    private boolean flushShard(int shard, String consumerName) {
        StreamConsumer.Pass pass = flushers.pass(keys.viewStream(shard), consumerName, config.flush().claimIdle(),
                config.flush().batchSize(), this::add, batch -> acknowledge(shard, batch));
        if (pass.ending() == StreamConsumer.Ending.READ_FAILED) {
            failed("redis", null);
        }
        return pass.complete();
    }

    /**
     * Adds a batch in PostgreSQL; {@code false} when that failed, and the entries stay pending with this consumer.
     * The transaction times out at half of {@code claim-idle}, so it commits or rolls back before another flusher may
     * claim its entries.
     */
    private boolean add(List<StreamMessage<String, String, String>> batch) {
        List<ViewCounts.Delta> deltas = batch.stream().flatMap(entry -> deltas(entry).stream()).toList();
        int timeout = (int) Math.max(1, config.flush().claimIdle().dividedBy(2).toSeconds());
        long added;
        try {
            added = spans.step(FLUSH_SPAN, "views",
                    () -> QuarkusTransaction.requiringNew().timeout(timeout).call(() -> counts.add(deltas)));
        } catch (RuntimeException e) {
            failed("database", e);
            return false;
        }
        long committedAt = System.currentTimeMillis();
        registry.counter("views.flush.statements").increment();
        registry.counter("views.flushed").increment(added);
        long views = deltas.stream().mapToLong(ViewCounts.Delta::views).sum();
        if (added < views) {
            registry.counter("views.flush.duplicates").increment(views - added);
        }
        for (StreamMessage<String, String, String> entry : batch) {
            lag.record(Math.max(0, committedAt - firstViewAt(entry)), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /**
     * Runs {@link #ACKNOWLEDGE} for a committed batch, then forgets its entry ids in PostgreSQL; {@code false} when
     * Redis failed: the entries stay pending, and their next delivery adds nothing.
     */
    private boolean acknowledge(int shard, List<StreamMessage<String, String, String>> batch) {
        List<String> scriptKeys = new ArrayList<>();
        scriptKeys.add(keys.viewStream(shard));
        Map<Long, Integer> counterIndex = new LinkedHashMap<>();
        List<String> args = new ArrayList<>();
        args.add(GROUP);
        for (StreamMessage<String, String, String> entry : batch) {
            List<ViewCounts.Delta> deltas = deltas(entry);
            args.add(entry.id());
            args.add(Integer.toString(deltas.size()));
            for (ViewCounts.Delta delta : deltas) {
                Integer index = counterIndex.computeIfAbsent(delta.productId(), id -> {
                    scriptKeys.add(keys.viewsPending(shard, id));
                    return scriptKeys.size();           // Lua counts from 1
                });
                args.add(Integer.toString(index));
                args.add(Long.toString(delta.views()));
            }
        }
        Long acknowledged = guard.call("views-flush",
                () -> ACKNOWLEDGE.run(redis, scriptKeys, args.toArray(String[]::new)).toLong(), () -> null);
        if (acknowledged == null) {
            failed("redis", null);
            return false;
        }
        try {
            counts.forget(batch.stream().map(StreamMessage::id).toList());
            registry.counter("views.flush.statements").increment();
        } catch (RuntimeException e) {
            LOG.debugf("Flushed entry ids left in product_view_entry: %s", e.getMessage());
        }
        return true;
    }

    /**
     * Creates the group on every shard's stream (and the stream, if no view was sent yet), from the first entry, so
     * entries added before the first flusher started are not skipped. Again after any Redis failure: a Redis that
     * came back empty has lost the group with the stream.
     */
    private boolean createGroups() {
        for (int shard = 0; shard < config.shards(); shard++) {
            if (!flushers.createGroup(keys.viewStream(shard))) {
                failed("redis", null);
                return false;
            }
        }
        return true;
    }

    private void failed(String cause, RuntimeException e) {
        groupsReady = false;
        registry.counter("views.flush.failures", "cause", cause).increment();
        if (e != null) {
            LOG.debugf("View flush failed (%s): %s", cause, e.getMessage());
        }
    }

    /**
     * The deltas of one entry {@code {at, <product id>: <views>, …}}, one per product. An entry without fields
     * (deleted from the stream while still pending, which this code never does, but an operator might) has none, and
     * is acknowledged like the others, so that it cannot stay in its consumer's pending list for ever.
     */
    static List<ViewCounts.Delta> deltas(StreamMessage<String, String, String> entry) {
        if (entry.payload() == null) {
            return List.of();
        }
        List<ViewCounts.Delta> deltas = new ArrayList<>(entry.payload().size());
        entry.payload().forEach((field, value) -> {
            if (!"at".equals(field)) {
                deltas.add(new ViewCounts.Delta(entry.id(), Long.parseLong(field), Long.parseLong(value)));
            }
        });
        return deltas;
    }

    private static long firstViewAt(StreamMessage<String, String, String> entry) {
        String at = entry.payload() == null ? null : entry.payload().get("at");
        return at == null ? System.currentTimeMillis() : Long.parseLong(at);
    }

    /** This instance's consumer name, for tests. */
    String consumer() {
        return consumer;
    }
}
