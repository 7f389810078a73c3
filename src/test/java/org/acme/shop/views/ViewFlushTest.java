package org.acme.shop.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.TestRedis;
import org.acme.shop.testing.SafeguardsSwitchedOff;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Flushers that share the stream: two at once, one that died before its commit, one that died after it. Each view
 * reaches PostgreSQL exactly once. Keys under a prefix of their own, so that the consumers here see only this
 * class's entries; entries are claimed after one second, and batches are small so that the flushers interleave.
 */
@QuarkusTest
@Tag("redis")
@TestProfile(SafeguardsSwitchedOff.class)
class ViewFlushTest {

    @Inject
    ViewCounter counter;

    @Inject
    ViewFlusher flusher;

    @Inject
    ViewCounts counts;

    @Inject
    ViewRedis views;

    @Inject
    ViewRows rows;

    @Inject
    TestRedis redis;

    @AfterAll
    static void removeThisPrefix() {
        io.quarkus.arc.Arc.container().instance(TestRedis.class).get().deleteAllOfThisApplication();
    }

    @Test
    void twoFlushersRunningAtOnceWriteEveryViewOnce() throws Exception {
        long id = Products.create();
        int total = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?> viewer = pool.submit(() -> {
                start.await();
                for (int i = 0; i < total; i++) {
                    counter.record(id, VisitorId.from(null, null, "10.0." + i / 256 + "." + i % 256));
                    if (i % 100 == 99) {
                        counter.sendBuffered();
                    }
                }
                counter.sendBuffered();
                return null;
            });
            List<Future<?>> flushers = new ArrayList<>();
            for (String instance : List.of("instance-a", "instance-b")) {
                flushers.add(pool.submit(() -> {
                    start.await();
                    while ((!viewer.isDone() || redis.exists(views.pendingKey(id))) && !Thread.currentThread().isInterrupted()) {
                        flusher.flushPending(instance);
                    }
                    return null;
                }));
            }
            start.countDown();
            viewer.get(60, TimeUnit.SECONDS);
            for (Future<?> running : flushers) {
                running.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(rows.flushed(id)).isEqualTo(total);
        assertThat(views.entries(id)).isEmpty();
    }

    @Test
    void entriesOfAFlusherThatDiedBeforeItsCommitAreClaimedByAnother() {
        long id = Products.create();
        recordAndSend(id, 30);
        List<StreamMessage<String, String, String>> taken = views.readAs("died-before-commit", id, 1_000);
        assertThat(taken).isNotEmpty();
        assertThat(views.pendingByConsumer(id)).containsKey("died-before-commit");

        // XAUTOCLAIM takes them once they have been idle for views.flush.claim-idle (1 s here).
        await().atMost(Duration.ofSeconds(10)).until(() -> flusher.flushPending("survivor") && rows.flushed(id) == 30);
        assertThat(views.pendingByConsumer(id)).doesNotContainKey("died-before-commit");
        assertThat(redis.exists(views.pendingKey(id))).isFalse();
    }

    @Test
    void entriesOfAFlusherThatDiedAfterItsCommitAreNotCountedAgain() {
        long id = Products.create();
        recordAndSend(id, 30);
        double duplicates = Metrics.value("views_flush_duplicates_total");
        List<ViewCounts.Delta> taken = views.readAs("died-after-commit", id, 1_000).stream()
                .flatMap(entry -> ViewFlusher.deltas(entry).stream()).toList();
        QuarkusTransaction.requiringNew().call(() -> counts.add(taken));   // its commit; then it died, no XACK
        assertThat(rows.flushed(id)).isEqualTo(30);

        await().atMost(Duration.ofSeconds(10)).until(() -> flusher.flushPending("survivor")
                && !redis.exists(views.pendingKey(id)));
        assertThat(rows.flushed(id)).as("claimed, found in product_view_entry, added nothing").isEqualTo(30);
        assertThat(Metrics.value("views_flush_duplicates_total") - duplicates).isGreaterThanOrEqualTo(30);
        assertThat(views.entries(id)).isEmpty();
    }

    private void recordAndSend(long id, int count) {
        flusher.flushPending("creates-the-group");            // before the entries: it takes every new one
        for (int i = 0; i < count; i++) {
            counter.record(id, VisitorId.from(null, null, "10.0." + i / 256 + "." + i % 256));
        }
        counter.sendBuffered();
        await().atMost(Duration.ofSeconds(5)).until(() -> Integer.toString(count).equals(redis.get(views.pendingKey(id))));
    }
}
