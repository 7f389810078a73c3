import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client reading "pages" of products, the way a cart or a best-seller list needs them: a page is N random ids of
 * the sample catalog, read either with N sequential {@code GET /api/products/{id}} on one keep-alive connection or
 * with one {@code GET /api/products?ids=…}. Each mode runs for a warm-up, then for the measured time; prints one line
 * of JSON with pages per second and the page latency (p50, p99, ms) of each mode, and the errors (any status but
 * 200). Started by bench/scenarios/40-bulk-reads.sh as a single-file program: {@code java PageReads.java BASE N
 * WARMUP_S SECONDS}.
 */
public class PageReads {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int ids = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        PageReads client = new PageReads(http, base, ids);
        client.run(false, warmup);
        Result single = client.run(false, seconds);
        client.run(true, warmup);
        Result bulk = client.run(true, seconds);
        System.out.printf("{\"ids_per_page\":%d,\"single\":%s,\"bulk\":%s,\"bulk_over_single\":%.2f,\"errors\":%d}%n",
                ids, single.json(), bulk.json(), bulk.pagesPerSecond() / single.pagesPerSecond(),
                single.errors() + bulk.errors());
    }

    record Result(int pages, double seconds, double p50, double p99, int errors) {

        double pagesPerSecond() {
            return pages / seconds;
        }

        String json() {
            return String.format("{\"pages\":%d,\"pages_per_s\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f}", pages,
                    pagesPerSecond(), p50, p99);
        }
    }

    private final HttpClient http;
    private final String base;
    private final int ids;

    PageReads(HttpClient http, String base, int ids) {
        this.http = http;
        this.base = base;
        this.ids = ids;
    }

    Result run(boolean bulk, int seconds) throws Exception {
        List<Long> latencies = new ArrayList<>();
        int errors = 0;
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            long[] page = ThreadLocalRandom.current().longs(ids, 1, 1001).toArray();
            long pageStart = System.nanoTime();
            if (bulk) {
                StringJoiner list = new StringJoiner(",");
                Arrays.stream(page).forEach(id -> list.add(Long.toString(id)));
                errors += get("/api/products?ids=" + list);
            } else {
                for (long id : page) {
                    errors += get("/api/products/" + id);
                }
            }
            latencies.add(System.nanoTime() - pageStart);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(sorted.length, elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99), errors);
    }

    /** 0 for a 200, 1 for anything else. */
    private int get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200 ? 0 : 1;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
