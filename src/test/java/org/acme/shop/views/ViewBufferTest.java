package org.acme.shop.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;

/**
 * The in-memory half of counting a view ({@link ViewBuffer}): no Redis, no database. What the sender takes is exactly
 * what was recorded, however the recorders and the sender interleave.
 */
class ViewBufferTest {

    private static final long NOW = 1_764_000_000_000L;       // 2025-11-24T16:00Z
    private static final VisitorId A = VisitorId.from(null, null, "10.0.0.1");
    private static final VisitorId B = VisitorId.from(null, null, "10.0.0.2");
    private static final VisitorId C = VisitorId.from(null, null, "10.0.0.3");
    private static final VisitorId Z = VisitorId.from(null, null, "10.0.0.26");

    @Test
    void viewsRecordedWhileTheSenderTakesIntervalsAreEachTakenOnce() throws Exception {
        ViewBuffer buffer = new ViewBuffer(10_000, 10_000);
        int recorders = 4;
        int viewsEach = 200_000;
        ExecutorService pool = Executors.newFixedThreadPool(recorders);
        List<Future<?>> running = new ArrayList<>();
        long[] taken = new long[20];
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int r = 0; r < recorders; r++) {
                running.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < viewsEach; i++) {
                        buffer.record(i % 20, List.of(A, B, C).get(i % 3), NOW);
                    }
                    return null;
                }));
            }
            start.countDown();
            while (running.stream().anyMatch(f -> !f.isDone())) {
                addUp(buffer.take(), taken);                  // the sender, as often as it can, against the recorders
            }
            for (Future<?> recorder : running) {
                recorder.get(60, TimeUnit.SECONDS);
            }
            addUp(buffer.take(), taken);
        } finally {
            pool.shutdownNow();
        }
        for (int product = 0; product < 20; product++) {
            assertThat(taken[product]).as("views of product %d", product).isEqualTo(recorders * viewsEach / 20);
        }
    }

    @Test
    void aVisitorWhoReadsAgainInTheIntervalIsKeptOnceAndTheIntervalHoldsOneCounterPerProduct() {
        ViewBuffer buffer = new ViewBuffer(10, 10);
        for (int i = 0; i < 1_000; i++) {
            buffer.record(42, A, NOW);
        }
        buffer.record(42, B, NOW);
        buffer.record(43, A, NOW + 5);

        ViewBuffer.Interval interval = buffer.take();
        assertThat(interval.views()).hasSize(2);
        assertThat(interval.views().get(42L).sum()).isEqualTo(1_001);
        assertThat(interval.visits()).containsExactlyInAnyOrder(
                new ViewBuffer.Visit(42, 20_416, A), new ViewBuffer.Visit(42, 20_416, B),
                new ViewBuffer.Visit(43, 20_416, A));
        assertThat(interval.firstViewAt()).isEqualTo(NOW);
        assertThat(buffer.take().isEmpty()).as("the next interval starts empty").isTrue();
    }

    @Test
    void beyondItsBoundsAnIntervalDropsTheViewsOfMoreProductsAndKeepsNoMoreVisitors() {
        ViewBuffer buffer = new ViewBuffer(2, 3);
        assertThat(buffer.record(1, A, NOW)).isEqualTo(ViewBuffer.Recorded.COUNTED);
        assertThat(buffer.record(2, A, NOW)).isEqualTo(ViewBuffer.Recorded.COUNTED);
        assertThat(buffer.record(3, A, NOW)).as("a third product").isEqualTo(ViewBuffer.Recorded.DROPPED);
        assertThat(buffer.record(1, B, NOW)).isEqualTo(ViewBuffer.Recorded.COUNTED);
        assertThat(buffer.record(1, C, NOW)).as("a fourth visitor")
                .isEqualTo(ViewBuffer.Recorded.COUNTED_WITHOUT_VISITOR);
        assertThat(buffer.record(1, B, NOW)).as("a visitor already kept").isEqualTo(ViewBuffer.Recorded.COUNTED);

        ViewBuffer.Interval interval = buffer.take();
        assertThat(interval.views().keySet()).containsExactlyInAnyOrder(1L, 2L);
        assertThat(interval.views().get(1L).sum()).isEqualTo(4);
        assertThat(interval.visits()).hasSize(3);
        assertThat(buffer.record(3, A, NOW)).as("a new interval has room again")
                .isEqualTo(ViewBuffer.Recorded.COUNTED);
    }

    @Test
    void viewsPutBackAfterAFailedSendAreSentWithTheNextInterval() {
        ViewBuffer buffer = new ViewBuffer(10, 10);
        buffer.record(7, A, NOW + 100);
        long dropped = buffer.putBack(8, 25, List.of(new ViewBuffer.Visit(8, 20_416, Z)), NOW);

        ViewBuffer.Interval interval = buffer.take();
        assertThat(dropped).isZero();
        assertThat(interval.views().get(8L).sum()).isEqualTo(25);
        assertThat(interval.visits()).contains(new ViewBuffer.Visit(8, 20_416, Z));
        assertThat(interval.firstViewAt()).as("the oldest view, for the flush lag").isEqualTo(NOW);
    }

    private static void addUp(ViewBuffer.Interval interval, long[] taken) {
        for (Map.Entry<Long, LongAdder> product : interval.views().entrySet()) {
            taken[product.getKey().intValue()] += product.getValue().sum();
        }
    }
}
