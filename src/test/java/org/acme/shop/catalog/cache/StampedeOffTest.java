package org.acme.shop.catalog.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.SafeguardsSwitchedOff;
import org.acme.shop.testing.TableLocks;
import org.junit.jupiter.api.Test;

/** The switch the benchmark uses: with protection off, the same pile-up asks the database many times. */
@QuarkusTest
@TestProfile(SafeguardsSwitchedOff.class)
class StampedeOffTest {

    @Inject
    MeterRegistry registry;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/api/products/")
    URI products;

    @Test
    void withoutProtectionConcurrentMissesEachLoad() throws Exception {
        long id = Products.create();
        double before = registry.counter("cache.loads", "cache", "product").count();
        List<CompletableFuture<HttpResponse<String>>> responses;
        try (Connection tx = dataSource.getConnection(); Statement sql = tx.createStatement()) {
            tx.setAutoCommit(false);
            sql.execute("lock table product in access exclusive mode");
            responses = Concurrently.get(products.resolve(String.valueOf(id)), StampedeTest.REQUESTS);
            // PostgreSQL itself shows the loads queueing behind the table lock, one backend each. The lock holder's
            // connection asks: the pool's others are all busy waiting.
            await().atMost(Duration.ofSeconds(10)).until(() -> TableLocks.productSelectsWaiting(sql) >= 10);
            tx.commit();
        }
        assertThat(Concurrently.statuses(responses)).containsOnly(200);
        assertThat(registry.counter("cache.loads", "cache", "product").count() - before)
                .as("each concurrent miss asked the database").isGreaterThanOrEqualTo(10.0);
    }

}
