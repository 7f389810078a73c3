package org.acme.shop.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.testing.BehindProxies;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away while views wait in the stream: the flush fails, the entries stay pending with the flusher
 * (nothing acknowledged, nothing lost), and once the database is back the next pass writes each view once.
 */
@QuarkusTest
@TestProfile(BehindProxies.class)
class ViewFlushDatabaseDownTest {

    @Inject
    ViewCounter counter;

    @Inject
    ViewFlusher flusher;

    @Inject
    ViewRedis views;

    @Inject
    ViewRows rows;

    @Inject
    TestRedis redis;

    @Test
    void entriesStayPendingWhileTheDatabaseIsDownAndLandOnceItIsBack() {
        long id = Products.create();
        assertThat(flusher.flushPending()).isTrue();          // the group exists, older entries are out of the way
        for (int i = 0; i < 25; i++) {
            counter.record(id, VisitorId.from(null, null, "10.0.0." + i));
        }
        counter.sendBuffered();
        await().atMost(Duration.ofSeconds(5)).until(() -> "25".equals(redis.get(views.pendingKey(id))));
        double failures = Metrics.value("views_flush_failures_total{cause=\"database\"}");

        BehindProxies.database().refuse();
        try {
            assertThat(flusher.flushPending()).as("the flush fails").isFalse();
            assertThat(flusher.flushPending()).as("and fails again, with the same entries").isFalse();
            assertThat(Metrics.value("views_flush_failures_total{cause=\"database\"}") - failures).isEqualTo(2);
            assertThat(views.pendingByConsumer(id).get(flusher.consumer())).as("delivered, not acknowledged")
                    .isGreaterThanOrEqualTo(views.entries(id).size());
            assertThat(views.entries(id)).isNotEmpty();
            assertThat(redis.get(views.pendingKey(id))).isEqualTo("25");
        } finally {
            BehindProxies.database().restore();
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> flusher.flushPending());
        assertThat(rows.flushed(id)).isEqualTo(25);
        assertThat(views.entries(id)).isEmpty();
        assertThat(redis.exists(views.pendingKey(id))).isFalse();
    }
}
