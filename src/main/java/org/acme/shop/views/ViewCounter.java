package org.acme.shop.views;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import org.acme.shop.http.ClientAddress;
import org.acme.shop.cache.CacheSpans;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.session.SessionConfig;
import org.acme.shop.session.SessionKeys;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The front half of <b>write-behind</b>: counting a view without making the reader wait. {@link #record} adds the
 * view to the current send interval's tally in memory ({@link ViewBuffer}: one counter per product, one set of
 * visitors per product and day, each visitor a fixed-size {@link VisitorId}) and returns; it sends nothing to Redis.
 * A sender thread takes the interval every {@code views.send-interval} (1 s), asks which of its tokens have a session
 * (one {@code EXISTS} per token: a token without one counts as its address), and sends it with one script per shard and
 * {@value #PRODUCTS_PER_SCRIPT} products ({@link #RECORD}): {@code XADD} of one entry with the views of each of its
 * products to the stream that {@link ViewFlusher} drains, {@code INCRBY} of each product's pending counter,
 * {@code PFADD} of the visitors' hashes to the day's HyperLogLog.
 * <p>
 * So a read costs no Redis round trip for its view, and a slow or dead Redis never slows or fails a read; and the
 * Redis work per interval grows with the products read in it, never with the reads. The price is a bounded loss: the
 * views of the interval not yet sent when the instance is killed ({@code kill -9}, an OOM kill; a normal shutdown
 * sends them first), at most one send interval's worth. Once the script has run, nothing is lost until the flusher
 * has committed them.
 * <p>
 * Redis down: while {@link RedisGuard} reports an outage the views stay in the interval, which keeps adding them up
 * (memory grows with new products and visitors only); a send that fails is dropped (it may have run: sending it again
 * could count it twice). Dropped views are counted in {@code views_dropped_total{reason}}: {@code buffer-full},
 * {@code redis}, {@code stream-full}; visitors not recorded in {@code views_visitors_dropped_total}.
 */
@ApplicationScoped
public class ViewCounter {

    private static final Logger LOG = Logger.getLogger(ViewCounter.class);

    /**
     * Products per script, and so per stream entry: bounds how long one script holds the single-threaded Redis (three
     * commands per product at most, well under a millisecond) and what one entry costs the flusher.
     */
    static final int PRODUCTS_PER_SCRIPT = 250;

    /** Visitors per script: bounds its arguments ({@code unpack} in Lua takes a few thousand at most) and its time. */
    static final int VISITORS_PER_SCRIPT = 1000;

    /**
     * Tokens whose sessions are looked up at once ({@code EXISTS}, one per token): bounds the commands in flight on
     * the state role's connections and the wait for them.
     */
    static final int TOKENS_PER_PIPELINE = 1000;

    /**
     * Adds one chunk of one send, atomically: one stream entry {@code {at, <product id>: <views>, …}} with the views
     * of every product in the chunk, the products' pending counters, and their visitors. The entry and the counters
     * never disagree, which the stats rely on (pending = the counter). Refuses the whole chunk ({@code 0}) when the
     * stream already holds {@code views.max-pending} entries, so a flusher that cannot write cannot make Redis run
     * out of memory. A chunk with no product (the rest of a product's many visitors) adds no entry.
     * <p>
     * {@code EXPIREAT} only when {@code PFADD} changed the HyperLogLog: a key that {@code PFADD} leaves unchanged
     * already existed, and got its expiry in the script that created it. Most repeat visitors change no register.
     * <p>
     * {@code KEYS} the stream, the products' pending counters, then the visitor keys (one per product and day, with
     * the shard's hash tag). {@code ARGV} max pending, the first view (epoch ms), the number of products, per product
     * its id and views (the entry's fields, and each counter's increment in the same order), then per visitor key:
     * its expiry (epoch s), the number of visitors, the visitors.
     */
    static final LuaScript RECORD = LuaScript.of("""
            if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then
              return 0
            end
            local products = tonumber(ARGV[3])
            if products > 0 then
              redis.call('XADD', KEYS[1], '*', 'at', ARGV[2], unpack(ARGV, 4, 3 + 2 * products))
              for p = 1, products do
                redis.call('INCRBY', KEYS[1 + p], ARGV[3 + 2 * p])
              end
            end
            local a = 4 + 2 * products
            for k = 2 + products, #KEYS do
              local visitors = tonumber(ARGV[a + 1])
              if redis.call('PFADD', KEYS[k], unpack(ARGV, a + 2, a + 1 + visitors)) == 1 then
                redis.call('EXPIREAT', KEYS[k], ARGV[a])
              end
              a = a + 2 + visitors
            end
            return 1
            """);

    /** One script's worth of a send: products with their views, and visitor keys with their visitors. */
    private static final class Chunk {
        final Map<Long, Long> views = new TreeMap<>();
        final List<Visitors> visitors = new ArrayList<>();
        int visitorCount;

        boolean isEmpty() {
            return views.isEmpty() && visitors.isEmpty();
        }
    }

    /** The distinct visitors of one product on one UTC day, {@linkplain VisitorId#resolved resolved}. */
    private record Visitors(long productId, long epochDay, List<VisitorId> visitors) {
    }

    private final RedisDataSource redis;
    private final ReactiveKeyCommands<String> keysAsync;
    private final RedisGuard guard;
    private final ViewKeys keys;
    private final SessionKeys sessionKeys;
    private final Duration redisTimeout;
    private final ViewsConfig config;
    private final ClientAddress clients;
    private final String cookieName;
    /** The span of one script run that sends buffered views to a stream (outcome sent, stream-full or failed). */
    public static final String SEND_SPAN = "views.send";

    private final ViewBuffer buffer;
    private final CacheSpans spans;
    private final Counter counted;
    private final Counter droppedBufferFull;
    private final Counter droppedRedis;
    private final Counter droppedStreamFull;
    private final Counter visitorsDropped;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("view-sender").factory());

    public ViewCounter(@RedisClientName("sessions") RedisDataSource redis,
            @RedisClientName("sessions") RedisGuard guard, ViewKeys keys, ViewsConfig config, MeterRegistry registry,
            ClientAddress clients, SessionKeys sessionKeys, SessionConfig sessions,
            @ConfigProperty(name = "quarkus.redis.sessions.timeout") Duration redisTimeout, CacheSpans spans) {
        this.redis = redis;
        this.keysAsync = redis.getReactive().key();
        this.clients = clients;
        this.cookieName = sessions.cookieName();
        this.guard = guard;
        this.keys = keys;
        this.sessionKeys = sessionKeys;
        this.redisTimeout = redisTimeout;
        this.spans = spans;
        this.config = config;
        this.buffer = new ViewBuffer(config.maxProducts(), config.maxVisitors());
        this.counted = registry.counter("views.counted");
        this.droppedBufferFull = registry.counter("views.dropped", "reason", "buffer-full");
        this.droppedRedis = registry.counter("views.dropped", "reason", "redis");
        this.droppedStreamFull = registry.counter("views.dropped", "reason", "stream-full");
        this.visitorsDropped = registry.counter("views.visitors.dropped");
    }

    void start(@Observes StartupEvent started) {
        long interval = config.sendInterval().toMillis();
        sender.scheduleWithFixedDelay(this::sendBufferedQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * A normal shutdown sends what is left, while the Redis client is still open: only a killed instance loses its
     * interval.
     */
    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
        sendBuffered();
    }

    /**
     * Counts one view of an existing product by the caller of {@code request}. Never waits for the sender, never does
     * I/O; hashes the address and a well-formed token ({@link VisitorId#of}): it may run on the event loop.
     */
    public void record(long productId, HttpServerRequest request) {
        if (config.enabled()) {
            record(productId, VisitorId.of(request, clients, cookieName));
        }
    }

    /** Counts one view by {@code visitor}. */
    void record(long productId, VisitorId visitor) {
        switch (buffer.record(productId, visitor, System.currentTimeMillis())) {
            case COUNTED -> { }
            case COUNTED_WITHOUT_VISITOR -> visitorsDropped.increment();
            case DROPPED -> droppedBufferFull.increment();
        }
    }

    /**
     * Sends the views recorded since the last send; the sender's task. While the guard reports an outage the views
     * stay where they are, in the interval that keeps adding them up.
     */
    synchronized void sendBuffered() {
        if (guard.isDown()) {
            return;
        }
        ViewBuffer.Interval interval = buffer.take();
        if (interval.isEmpty()) {
            return;
        }
        List<List<Chunk>> shards = chunks(interval.views(), resolved(interval.visits()));
        for (int shard = 0; shard < shards.size(); shard++) {
            List<Chunk> chunks = shards.get(shard);
            for (int i = 0; i < chunks.size(); i++) {
                if (guard.isDown()) {                     // Redis went away during this send: keep the rest
                    putBack(chunks.subList(i, chunks.size()), interval.firstViewAt());
                    break;
                }
                send(shard, chunks.get(i), interval.firstViewAt());
            }
        }
    }

    private void sendBufferedQuietly() {
        try {
            sendBuffered();
        } catch (RuntimeException e) {                     // a scheduled task that throws is never run again
            LOG.warnf("Views not sent: %s", e.getMessage());
        }
    }

    /**
     * The interval's visits as they are counted: a token whose session exists counts as that session, any other token
     * as its address ({@link VisitorId#resolved}); visits that become the same one are kept once. One {@code EXISTS}
     * per distinct token, sent together, on this thread, never on a request's. If Redis does not answer, the
     * tokens of this send count as their addresses.
     */
    private Set<ViewBuffer.Visit> resolved(Set<ViewBuffer.Visit> visits) {
        Map<String, Boolean> sessions = new LinkedHashMap<>();          // token hash -> the session exists
        visits.forEach(visit -> {
            if (visit.visitor().hasToken()) {
                sessions.put(visit.visitor().tokenHash(), false);
            }
        });
        List<String> tokenHashes = new ArrayList<>(sessions.keySet());
        for (int from = 0; from < tokenHashes.size(); from += TOKENS_PER_PIPELINE) {
            List<String> batch = tokenHashes.subList(from, Math.min(tokenHashes.size(), from + TOKENS_PER_PIPELINE));
            // Sent all at once without waiting in between, so they share round trips; each is its own command, so on a
            // Redis Cluster each goes to the node of its key's slot (a batch or a multi-key EXISTS could not cross
            // slots). Their answers come back in order.
            List<Boolean> exists = guard.call("views-sessions", () -> Uni.join()
                    .all(batch.stream().map(tokenHash -> keysAsync.exists(sessionKeys.session(tokenHash))).toList())
                    .andFailFast().await().atMost(redisTimeout), List::of);
            for (int i = 0; i < exists.size(); i++) {
                sessions.put(batch.get(i), exists.get(i));
            }
        }
        Set<ViewBuffer.Visit> resolved = new HashSet<>();
        for (ViewBuffer.Visit visit : visits) {
            VisitorId visitor = visit.visitor();
            resolved.add(new ViewBuffer.Visit(visit.productId(), visit.epochDay(),
                    visitor.resolved(visitor.hasToken() && sessions.get(visitor.tokenHash()))));
        }
        return resolved;
    }

    /** The interval cut into scripts: per shard, chunks of at most {@link #PRODUCTS_PER_SCRIPT} products. */
    private List<List<Chunk>> chunks(Map<Long, LongAdder> viewsByProduct, Set<ViewBuffer.Visit> visits) {
        int shardCount = config.shards();
        List<Map<Long, Map<Long, List<VisitorId>>>> visitorsByShard = new ArrayList<>(shardCount);
        List<List<Chunk>> shards = new ArrayList<>(shardCount);
        for (int s = 0; s < shardCount; s++) {
            visitorsByShard.add(new HashMap<>());
            shards.add(new ArrayList<>(List.of(new Chunk())));
        }
        for (ViewBuffer.Visit visit : visits) {
            visitorsByShard.get(shard(visit.productId()))
                    .computeIfAbsent(visit.productId(), id -> new TreeMap<>())
                    .computeIfAbsent(visit.epochDay(), day -> new ArrayList<>()).add(visit.visitor());
        }
        // Each product with its own visitors, in id order; then the visitors of products without views here (put
        // back after a failed send), in chunks of their own.
        Map<Long, LongAdder> views = new TreeMap<>(viewsByProduct);
        views.forEach((productId, count) -> {
            List<Chunk> chunks = shards.get(shard(productId));
            Chunk chunk = chunks.getLast();
            if (chunk.views.size() == PRODUCTS_PER_SCRIPT) {
                chunk = new Chunk();
                chunks.add(chunk);
            }
            chunk.views.put(productId, count.sum());
            Map<Long, List<VisitorId>> days = visitorsByShard.get(shard(productId)).remove(productId);
            if (days != null) {
                addVisitors(chunks, productId, days);
            }
        });
        for (int s = 0; s < shardCount; s++) {
            List<Chunk> chunks = shards.get(s);
            visitorsByShard.get(s).forEach((productId, days) -> addVisitors(chunks, productId, days));
            chunks.removeIf(Chunk::isEmpty);
        }
        return shards;
    }

    /** Adds a product's visitors to the last chunk, continuing in new ones at {@link #VISITORS_PER_SCRIPT}. */
    private static void addVisitors(List<Chunk> chunks, long productId, Map<Long, List<VisitorId>> days) {
        days.forEach((day, visitors) -> {
            for (int from = 0; from < visitors.size(); ) {
                Chunk chunk = chunks.getLast();
                if (chunk.visitorCount == VISITORS_PER_SCRIPT) {
                    chunk = new Chunk();
                    chunks.add(chunk);
                }
                int to = Math.min(visitors.size(), from + VISITORS_PER_SCRIPT - chunk.visitorCount);
                chunk.visitors.add(new Visitors(productId, day, visitors.subList(from, to)));
                chunk.visitorCount += to - from;
                from = to;
            }
        });
    }

    private void send(int shard, Chunk chunk, long firstViewAt) {
        List<String> scriptKeys = new ArrayList<>(1 + chunk.views.size() + chunk.visitors.size());
        List<String> args = new ArrayList<>(3 + 2 * chunk.views.size() + 2 * chunk.visitors.size()
                + chunk.visitorCount);
        scriptKeys.add(keys.viewStream(shard));
        args.add(Long.toString(config.maxPending()));
        args.add(Long.toString(firstViewAt));
        args.add(Integer.toString(chunk.views.size()));
        long views = 0;
        for (Map.Entry<Long, Long> product : chunk.views.entrySet()) {
            scriptKeys.add(keys.viewsPending(shard, product.getKey()));
            args.add(Long.toString(product.getKey()));
            args.add(Long.toString(product.getValue()));
            views += product.getValue();
        }
        for (Visitors group : chunk.visitors) {
            LocalDate day = LocalDate.ofEpochDay(group.epochDay());
            scriptKeys.add(keys.viewVisitors(shard, group.productId(), day));
            args.add(Long.toString(ViewStatistics.visitorsExpireAt(day)));
            args.add(Integer.toString(group.visitors().size()));
            for (VisitorId visitor : group.visitors()) {
                args.add(visitor.element());
            }
        }
        Long added = spans.step(SEND_SPAN, "views", () -> guard.call("views-send",
                () -> RECORD.run(redis, scriptKeys, args.toArray(String[]::new)).toLong(), () -> null),
                sent -> sent == null ? "failed" : sent == 0 ? "stream-full" : "sent");
        if (added == null) {
            droppedRedis.increment(views);
        } else if (added == 0) {
            droppedStreamFull.increment(views);
        } else {
            counted.increment(views);
        }
    }

    private void putBack(List<Chunk> unsent, long firstViewAt) {
        for (Chunk chunk : unsent) {
            Map<Long, List<ViewBuffer.Visit>> visits = new HashMap<>();
            for (Visitors group : chunk.visitors) {
                List<ViewBuffer.Visit> ofProduct = visits.computeIfAbsent(group.productId(), id -> new ArrayList<>());
                group.visitors().forEach(v -> ofProduct.add(new ViewBuffer.Visit(group.productId(), group.epochDay(), v)));
            }
            chunk.views.forEach((productId, views) -> droppedBufferFull.increment(
                    buffer.putBack(productId, views, visits.getOrDefault(productId, List.of()), firstViewAt)));
            visits.keySet().removeAll(chunk.views.keySet());
            visits.forEach((productId, ofProduct) -> buffer.putBack(productId, 0, ofProduct, firstViewAt));
        }
    }

    /** Which stream, and which hash tag, a product's keys belong to. */
    int shard(long productId) {
        return (int) Math.floorMod(productId, (long) config.shards());
    }
}
