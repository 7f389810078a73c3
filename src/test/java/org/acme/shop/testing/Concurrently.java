package org.acme.shop.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Concurrency for tests: many HTTP requests fired at once, without waiting for any answer, to make them pile up in the
 * service; or any number of clients released together by a latch ({@link #runAtOnce}).
 */
public final class Concurrently {

    private Concurrently() {
    }

    /** Sends {@code count} GETs of {@code uri} at once; the futures complete as the answers arrive. */
    public static List<CompletableFuture<HttpResponse<String>>> get(URI uri, int count) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
            responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        return responses;
    }

    /** Waits for every answer and returns the status codes. */
    public static List<Integer> statuses(List<CompletableFuture<HttpResponse<String>>> responses) {
        return responses.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
    }

    /** Waits for every answer and returns the values of one header. */
    public static List<String> headers(List<CompletableFuture<HttpResponse<String>>> responses, String name) {
        return responses.stream().map(CompletableFuture::join)
                .map(response -> response.headers().firstValue(name).orElse(null)).toList();
    }

    /** Starts {@code clients} threads, releases them together with a latch and collects what each returned. */
    public static <T> List<T> runAtOnce(int clients, Callable<T> client) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return client.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
