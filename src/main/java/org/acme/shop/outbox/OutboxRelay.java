package org.acme.shop.outbox;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.cache.CacheSpans;
import org.jboss.logging.Logger;

/**
 * The <b>outbox relay</b>: applies to Redis the changes whose after-commit step did not confirm (Redis was down or
 * slow, the app died between its commit and Redis, or the step is switched off). Every instance relays, every
 * {@code cache.outbox.poll-interval}, starting right after start-up; {@code FOR UPDATE SKIP LOCKED} in
 * {@link CacheOutbox#lockDue} lets them share the rows instead of electing a leader, and a row stays locked until the
 * relay that applied it has deleted it.
 * <p>
 * Applying a row twice does no harm: a product row is an {@code INCR} and an {@code UNLINK}, a stock row goes through
 * the version guard, which refuses a state older than the one Redis holds. So an instance that dies after Redis
 * confirmed and before its delete committed costs one more application, never a lost newer value.
 * <p>
 * While Redis (or PostgreSQL) fails, the relay backs off exponentially, from the poll interval up to half of
 * {@code cache.outbox.max-lag}: its first attempt after Redis returns comes within that cap plus one poll interval,
 * which leaves the rest of {@code max-lag} to drain the backlog.
 * <p>
 * Metrics: {@code cache_outbox_backlog_rows} and {@code cache_outbox_oldest_age_seconds} (measured by each pass of
 * this instance's relay; every instance sees the same table), {@code cache_outbox_replays_total{kind}} (rows this relay
 * applied) and {@code cache_outbox_relay_failures_total{cause}} (passes that stopped on a Redis or database failure).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Rows younger than this are left to the request that wrote them: it applies them right after its commit. */
    static final Duration REQUEST_GRACE = Duration.ofSeconds(1);
    /** The span of one row replayed; its {@code cache.name} is the row's kind, its child the handler's own span. */
    public static final String REPLAY_SPAN = "outbox.replay";

    private final CacheOutbox outbox;
    private final Map<String, OutboxHandler> handlers;
    private final MeterRegistry registry;
    private final CacheConfig.Outbox config;
    private final CacheSpans spans;

    private final AtomicLong backlogRows = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    // Only poll() reads and writes these two, never twice at once (SKIP), but not always on the same thread.
    private volatile Duration backoff = Duration.ZERO;
    private volatile long nextAttemptNanos = System.nanoTime();

    public OutboxRelay(CacheOutbox outbox, Instance<OutboxHandler> handlers, MeterRegistry registry,
            CacheConfig cacheConfig, CacheSpans spans) {
        this.outbox = outbox;
        this.handlers = handlers.stream().collect(Collectors.toMap(OutboxHandler::kind, Function.identity()));
        this.registry = registry;
        this.config = cacheConfig.outbox();
        this.spans = spans;
        Gauge.builder("cache.outbox.backlog", backlogRows, AtomicLong::get).baseUnit("rows")
                .description("Outbox rows not yet applied to Redis, at the relay's last pass").register(registry);
        Gauge.builder("cache.outbox.oldest.age", oldestAgeMillis, millis -> millis.get() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest outbox row at the relay's last pass; 0 when none").register(registry);
        for (String kind : List.of(CacheOutbox.PRODUCT, CacheOutbox.STOCK)) {
            registry.counter("cache.outbox.replays", "kind", kind);             // listed at 0 before the first
        }
        for (String cause : List.of("redis", "database")) {
            registry.counter("cache.outbox.relay.failures", "cause", cause);
        }
    }

    /** No initial delay: rows left by an instance that died are applied as soon as this one starts. */
    @Scheduled(identity = "outbox-relay", every = "${cache.outbox.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!config.relayEnabled() || System.nanoTime() < nextAttemptNanos) {
            return;
        }
        if (relayPending()) {
            backoff = Duration.ZERO;
        } else {
            Duration cap = config.maxLag().dividedBy(2);
            backoff = backoff.isZero() ? config.pollInterval() : min(backoff.multipliedBy(2), cap);
        }
        nextAttemptNanos = System.nanoTime() + backoff.toNanos();
        measureBacklog();
    }

    /** One indexed query per pass; while PostgreSQL is down the gauges keep their last values. */
    void measureBacklog() {
        try {
            CacheOutbox.Backlog backlog = outbox.backlog();
            backlogRows.set(backlog.rows());
            oldestAgeMillis.set(backlog.oldest() == null ? 0
                    : Math.max(0, Duration.between(backlog.oldest(), OffsetDateTime.now()).toMillis()));
        } catch (RuntimeException e) {
            LOG.debugf("Outbox backlog not measured: %s", e.getMessage());
        }
    }

    /**
     * Applies every due row, one transaction per batch, until none is left or one fails.
     *
     * @return false when Redis or PostgreSQL failed (the rows not applied stay for the next attempt)
     */
    public boolean relayPending() {
        try {
            Batch batch;
            do {
                batch = QuarkusTransaction.requiringNew().call(this::relayBatch);
            } while (batch.complete() && batch.taken() == config.batchSize());
            if (!batch.complete()) {
                registry.counter("cache.outbox.relay.failures", "cause", "redis").increment();
            }
            return batch.complete();
        } catch (RuntimeException e) {
            registry.counter("cache.outbox.relay.failures", "cause", "database").increment();
            LOG.debugf("Outbox relay could not reach PostgreSQL: %s", e.getMessage());
            return false;
        }
    }

    private record Batch(int taken, boolean complete) {
    }

    /** Locks a batch, applies its rows in order and deletes those Redis confirmed; stops at the first failure. */
    private Batch relayBatch() {
        List<CacheOutbox.Entry> due = outbox.lockDue(config.batchSize(), REQUEST_GRACE);
        List<Long> applied = new ArrayList<>(due.size());
        for (CacheOutbox.Entry entry : due) {
            if (!apply(entry)) {
                break;                                // Redis failed: RedisGuard has counted and logged it
            }
            applied.add(entry.id());
            registry.counter("cache.outbox.replays", "kind", entry.kind()).increment();
        }
        outbox.delete(applied);
        return new Batch(due.size(), applied.size() == due.size());
    }

    private boolean apply(CacheOutbox.Entry entry) {
        OutboxHandler handler = handlers.get(entry.kind());
        if (handler == null) {                        // only a feature that registers a handler writes its kind
            LOG.errorf("No outbox handler for %s rows: row %d stays", entry.kind(), entry.id());
            return false;
        }
        return spans.step(REPLAY_SPAN, entry.kind(), () -> handler.apply(entry), done -> done ? "done" : "failed");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
