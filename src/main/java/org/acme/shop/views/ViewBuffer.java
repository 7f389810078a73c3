package org.acme.shop.views;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The views of one instance that have not been sent yet, <b>added up as they are recorded</b>: one counter per product
 * and one set of visitors per product and UTC day, for the current send interval. {@link ViewCounter} records into it
 * from the request thread; its sender {@linkplain #take() takes} the whole interval every {@code views.send-interval}
 * and starts a new one.
 * <p>
 * Why not a queue of views: a queue costs every read one object and one lock, and the sender one pass per view; here
 * a read adds 1 to its product's {@link LongAdder} and puts its visitor into a set (a visitor who reads again in the
 * same interval changes nothing), and the sender's work grows with the products and visitors of the interval, not with
 * the reads. Memory is bounded by products and visitors, not by views: at most {@code maxProducts} products and
 * {@code maxVisitors} visits (product, day, visitor) per interval; a view of one more product is dropped, a visitor
 * beyond the bound is not recorded (the view still counts), and the caller counts both.
 * <p>
 * Recording does no I/O and never waits for the sender (the maps may hold it for a moment on a hash bin, when a
 * product or visitor first appears in the interval). A recorder that read the old interval just before the
 * sender replaced it sees the replacement and records into the new one ({@link #record}); the sender waits (on its
 * own thread) until the recorders still writing into the old interval have finished, so no view is lost in the swap.
 */
final class ViewBuffer {

    /**
     * One visitor of one product on one UTC day (days since the epoch): about 150 bytes with its place in the set,
     * whatever the request sent, so an interval's visitors take about 1.5 MB at most at the default
     * {@code views.max-visitors} (10,000).
     */
    record Visit(long productId, long epochDay, VisitorId visitor) {
    }

    /** What {@link #record} did with a view. */
    enum Recorded {
        /** counted, with its visitor */
        COUNTED,
        /** counted; its visitor not recorded: the interval holds {@code maxVisitors} already */
        COUNTED_WITHOUT_VISITOR,
        /** not counted: the interval holds {@code maxProducts} other products already */
        DROPPED
    }

    /** One send interval's views. Read by the sender only after {@link #take()} returned it. */
    static final class Interval {
        private final ConcurrentHashMap<Long, LongAdder> views = new ConcurrentHashMap<>();
        private final Set<Visit> visits = ConcurrentHashMap.newKeySet();
        private final AtomicInteger products = new AtomicInteger();
        private final AtomicInteger visitors = new AtomicInteger();
        private final AtomicLong firstViewAt = new AtomicLong();
        /** Recorders between reading {@code current} and finishing their write into this interval. */
        private final AtomicInteger writers = new AtomicInteger();

        /** Views per product. */
        Map<Long, LongAdder> views() {
            return views;
        }

        Set<Visit> visits() {
            return visits;
        }

        /** The epoch ms of the first view recorded in this interval ({@code 0} when none). */
        long firstViewAt() {
            return firstViewAt.get();
        }

        boolean isEmpty() {
            return views.isEmpty() && visits.isEmpty();
        }
    }

    private final int maxProducts;
    private final int maxVisitors;
    private volatile Interval current = new Interval();

    ViewBuffer(int maxProducts, int maxVisitors) {
        this.maxProducts = maxProducts;
        this.maxVisitors = maxVisitors;
    }

    /** Adds one view of {@code productId} by {@code visitor} at {@code atMillis}. Never waits for the sender. */
    Recorded record(long productId, VisitorId visitor, long atMillis) {
        for (;;) {
            Interval interval = current;
            interval.writers.incrementAndGet();
            try {
                // Checked after announcing the write: a sender that swapped before this line waits for us; one that
                // swaps after it has not read the interval yet. Either way the view lands in an interval it sends.
                if (interval == current) {
                    return add(interval, productId, 1, visitor == null ? null
                            : new Visit(productId, Math.floorDiv(atMillis, TimeUnit.DAYS.toMillis(1)), visitor), atMillis);
                }
            } finally {
                interval.writers.decrementAndGet();
            }
        }
    }

    /**
     * Puts views that could not be sent back into the current interval (Redis went down during a send); the sender
     * sends them with the next one. Returns how many of {@code views} found no room.
     */
    long putBack(long productId, long views, Iterable<Visit> visits, long firstViewAt) {
        long dropped = 0;
        for (;;) {
            Interval interval = current;
            interval.writers.incrementAndGet();
            try {
                if (interval == current) {
                    if (views > 0 && add(interval, productId, views, null, firstViewAt) == Recorded.DROPPED) {
                        dropped = views;
                    }
                    for (Visit visit : visits) {
                        addVisit(interval, visit);
                    }
                    return dropped;
                }
            } finally {
                interval.writers.decrementAndGet();
            }
        }
    }

    /**
     * Takes the interval recorded so far and starts a new one; returns once no recorder is still writing into the
     * old one. Called by one thread at a time (the sender).
     */
    Interval take() {
        Interval taken = current;
        current = new Interval();
        for (int spins = 0; taken.writers.get() != 0; spins++) {
            if (spins < 100) {
                Thread.onSpinWait();              // a recorder finishes its write in well under a microsecond…
            } else {
                LockSupport.parkNanos(50_000);    // …unless it was descheduled mid-write
            }
        }
        return taken;
    }

    private Recorded add(Interval interval, long productId, long views, Visit visit, long atMillis) {
        LongAdder counter = interval.views.get(productId);
        if (counter == null) {
            if (interval.products.get() >= maxProducts) {
                return Recorded.DROPPED;
            }
            counter = interval.views.computeIfAbsent(productId, id -> {
                interval.products.incrementAndGet();
                return new LongAdder();
            });
        }
        counter.add(views);
        if (interval.firstViewAt.get() == 0 || atMillis < interval.firstViewAt.get()) {
            interval.firstViewAt.accumulateAndGet(atMillis, (a, b) -> a == 0 ? b : Math.min(a, b));
        }
        return visit == null || addVisit(interval, visit) ? Recorded.COUNTED : Recorded.COUNTED_WITHOUT_VISITOR;
    }

    private boolean addVisit(Interval interval, Visit visit) {
        if (interval.visits.contains(visit)) {
            return true;                          // a repeat visitor: a read without a lock (add locks its bin)
        }
        if (interval.visitors.get() >= maxVisitors) {
            return false;
        }
        if (interval.visits.add(visit)) {
            interval.visitors.incrementAndGet();
        }
        return true;
    }
}
