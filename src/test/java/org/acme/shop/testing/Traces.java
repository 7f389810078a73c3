package org.acme.shop.testing;


import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.acme.shop.cache.CacheSpans;
import org.awaitility.Awaitility;

/**
 * A test's own traces: it sends a W3C {@code traceparent} header with a trace id it made up
 * ({@link #newTraceparent()}), so that the service's server span continues that trace, and reads the spans back from
 * {@link RecentSpans} by that id ({@link #await}).
 */
public final class Traces {

    public static final String HEADER = "traceparent";

    private Traces() {
    }

    /** A {@code traceparent} of a new, sampled trace: {@code 00-<trace id>-<parent span id>-01}. */
    public static String newTraceparent() {
        return "00-" + hex(16) + "-" + hex(8) + "-01";
    }

    /** The trace id a {@link #newTraceparent()} carries. */
    public static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }

    /** The trace of {@code traceparent}, once the server span of its request has ended. */
    public static Trace await(RecentSpans spans, String traceparent) {
        String traceId = traceId(traceparent);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> spans.ofTrace(traceId).stream().anyMatch(span -> span.getKind() == SpanKind.SERVER));
        return new Trace(spans.ofTrace(traceId));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;                                   // never all zeros, which W3C calls invalid
        return HexFormat.of().formatHex(random);
    }

    /** The spans of one trace, read as the tree they form. */
    public record Trace(List<SpanData> spans) {

        /** The span of the request, as the service received it. */
        public SpanData server() {
            return spans.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        }

        /** The direct children of {@code parent}, in the order they started. */
        public List<SpanData> children(SpanData parent) {
            return spans.stream().filter(span -> span.getParentSpanId().equals(parent.getSpanId()))
                    .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
        }

        /** The names of the caches' own spans (the {@link CacheSpans} steps) right under {@code parent}, in order. */
        public List<String> steps(SpanData parent) {
            return children(parent).stream().filter(Trace::isStep).map(Trace::described).toList();
        }

        /** The first child of {@code parent} named {@code name}. */
        public SpanData child(SpanData parent, String name) {
            return children(parent).stream().filter(span -> span.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no span " + name + " under " + parent.getName()
                            + " in\n" + render()));
        }

        /** Every span of the trace whose name is {@code name}. */
        public List<SpanData> named(String name) {
            return spans.stream().filter(span -> span.getName().equals(name)).toList();
        }

        /** The database a client span speaks to ({@code db.system.name}, or the older {@code db.system}). */
        public static String dbSystem(SpanData span) {
            Object system = span.getAttributes().asMap().entrySet().stream()
                    .filter(entry -> entry.getKey().getKey().equals("db.system.name")
                            || entry.getKey().getKey().equals("db.system"))
                    .map(entry -> entry.getValue()).findFirst().orElse(null);
            return system == null ? null : system.toString();
        }

        /** A JDBC span's name for a query of the product table, {@code SELECT <database>.product}. */
        public static boolean selectsProducts(String spanName) {
            return spanName.startsWith("SELECT ") && spanName.endsWith(".product");
        }

        /** Every attribute value of every span, as text: what an exporter would send. */
        public Stream<String> attributeValues() {
            return spans.stream().flatMap(span -> span.getAttributes().asMap().values().stream()).map(String::valueOf);
        }

        /** The tree as indented text: a span per line, its name and outcome (docs/observability.md shows these). */
        public String render() {
            StringBuilder text = new StringBuilder();
            render(server(), 0, text);
            return text.toString();
        }

        private void render(SpanData span, int depth, StringBuilder text) {
            text.append("  ".repeat(depth)).append(described(span));
            String db = dbSystem(span);
            if (db != null) {
                text.append("  (").append(db).append(')');
            }
            text.append('\n');
            for (SpanData child : children(span)) {
                render(child, depth + 1, text);
            }
        }

        private static boolean isStep(SpanData span) {
            return span.getAttributes().asMap().keySet().stream()
                    .anyMatch(key -> key.getKey().equals(CacheSpans.CACHE_NAME));
        }

        /** {@code name} or {@code name[OUTCOME]}. */
        private static String described(SpanData span) {
            Object outcome = span.getAttributes().asMap().entrySet().stream()
                    .filter(entry -> entry.getKey().getKey().equals(CacheSpans.CACHE_OUTCOME))
                    .map(entry -> entry.getValue()).findFirst().orElse(null);
            return outcome == null ? span.getName() : span.getName() + "[" + outcome + "]";
        }
    }
}
