package org.acme.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** The switch the benchmark uses: with protection off, the same pile-up asks the database many times. */
@QuarkusTest
@TestProfile(StampedeOffTest.ProtectionOff.class)
class StampedeOffTest {

    public static class ProtectionOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("catalog.cache.stampede.enabled", "false");
        }
    }

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
            responses = StampedeTest.fire(products, id, StampedeTest.REQUESTS);
            // Let the requests reach the blocked SELECT; the count below holds however many arrived by then.
            Thread.sleep(1_000);
            tx.commit();
        }
        assertThat(StampedeTest.statuses(responses)).containsOnly(200);
        assertThat(registry.counter("cache.loads", "cache", "product").count() - before)
                .as("each concurrent miss asked the database").isGreaterThan(1.0);
    }
}
