package org.acme.shop.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Keeps one person's address out of the traces (docs/observability.md#traces): the server span's {@code client.address}
 * and {@code network.peer.address} are cut to their network, an IPv4 {@code /24} ({@code 203.0.113.0}) or an IPv6
 * {@code /48}, before any exporter sees the span. An operator still sees where a slow request came from; the trace
 * store holds no address that names a subscriber. A value that is not an address literal is dropped (never looked up).
 * <p>
 * Quarkus adds every {@code SpanProcessor} bean to the tracer; while tracing is off, nothing calls it.
 */
@ApplicationScoped
public class TracedClientAddress implements SpanProcessor {

    private static final List<AttributeKey<String>> ADDRESSES = List.of(
            AttributeKey.stringKey("client.address"), AttributeKey.stringKey("network.peer.address"));

    @Override
    public void onStart(Context parent, ReadWriteSpan span) {
        for (AttributeKey<String> key : ADDRESSES) {
            String address = span.getAttribute(key);
            if (address != null) {
                span.setAttribute(key, network(address));
            }
        }
    }

    /** {@code 203.0.113.7} → {@code 203.0.113.0}; {@code 2001:db8:1:2::7} → {@code 2001:db8:1:0:0:0:0:0}. */
    static String network(String address) {
        InetAddress literal = ClientAddress.literal(address);
        if (literal == null) {
            return "";
        }
        byte[] bytes = literal.getAddress();
        int kept = literal instanceof Inet6Address ? 6 : 3;
        Arrays.fill(bytes, kept, bytes.length, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
