package org.acme.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.testing.Management;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Zero errors under real concurrency: 200 clients released at once, each reading random products. With the Redis
 * client's default pool (6 connections, 24 waiting) this fails with ConnectionPoolTooBusyException. Throughput is
 * the benchmark's business, not this test's.
 */
@QuarkusTest
@Tag("redis")
class ConcurrentReadsTest {

    private static final int CLIENTS = 200;
    private static final int READS_PER_CLIENT = 25;

    @TestHTTPResource("/api/products/")
    URI products;

    @Test
    void twoHundredParallelClientsGetNoError() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Integer>>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    start.await();
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < READS_PER_CLIENT; i++) {
                        long id = ThreadLocalRandom.current().nextLong(1, 1001);
                        HttpRequest request = HttpRequest.newBuilder(products.resolve(String.valueOf(id)))
                                .timeout(Duration.ofSeconds(30)).build();
                        statuses.add(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
                    }
                    return statuses;
                }));
            }
            start.countDown();
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> client : clients) {
                all.addAll(client.get());
            }
            assertThat(all).hasSize(CLIENTS * READS_PER_CLIENT).containsOnly(200);
        }
        // On a loaded machine such a burst can time commands out and open the cache role's circuit (RedisGuard):
        // leave the application as the next test expects it, using Redis (the wellness check is the probe).
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Management.given().when().get("/q/health/well").statusCode() == 200);
    }
}
