package org.acme.shop.testing;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The tests' span exporter: Quarkus's default exporter ({@code quarkus.otel.traces.exporter=cdi}) hands every ended
 * span to this bean, in batches that leave every 10 ms ({@code %test.quarkus.otel.bsp.schedule.delay}). It keeps the
 * last {@value #KEPT} only, since the whole suite sends tens of thousands of requests; a test finds its own by the
 * trace id it sent ({@link Traces}).
 */
@ApplicationScoped
public class RecentSpans implements SpanExporter {

    static final int KEPT = 20_000;

    private final ConcurrentLinkedDeque<SpanData> spans = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    @Override
    public CompletableResultCode export(Collection<SpanData> ended) {
        for (SpanData span : ended) {
            spans.addLast(span);
            if (size.incrementAndGet() > KEPT && spans.pollFirst() != null) {
                size.decrementAndGet();
            }
        }
        return CompletableResultCode.ofSuccess();
    }

    /** The ended spans of one trace, in the order they ended. */
    public List<SpanData> ofTrace(String traceId) {
        return spans.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
