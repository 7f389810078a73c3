package org.acme.shop.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Fires many HTTP requests at once, without waiting for any answer, to make them pile up in the service. */
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
}
