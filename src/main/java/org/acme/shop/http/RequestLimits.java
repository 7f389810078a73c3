package org.acme.shop.http;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.acme.shop.http.problem.Problem;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * An over-long request target or header block is a client's mistake: {@code 414} or {@code 431} with a problem body,
 * like every other refusal; so is a body whose {@code Content-Length} is past {@code quarkus.http.limits.max-body-size}
 * ({@code 413}, before a byte of it is read). Checked by a route that runs before every other (the API, {@code /q/*}),
 * because these requests must not reach JAX-RS at all. A body sent in chunks, without a length, is counted as it is
 * read, by RESTEasy Reactive, which answers {@code 413} without a body and closes the connection.
 * <p>
 * Why not Vert.x's own limits: the HTTP codec refuses a request line or header block past
 * {@code quarkus.http.limits.*} before any route sees it, with an empty body, and Quarkus offers no hook to change that
 * answer (quarkusio/quarkus#55082). So the codec's limits are raised ({@code application.properties}: 64 KiB) and the
 * service's own, lower ones ({@link RequestLimitsConfig}) are checked here. Only a request past the codec's limit still
 * gets the bare answer.
 */
@ApplicationScoped
public class RequestLimits {

    /** Before Quarkus's and JAX-RS's routes. */
    private static final int ORDER = -1_000;

    private final RequestLimitsConfig config;
    private final ObjectMapper json;
    private final long maxBodySize;

    public RequestLimits(RequestLimitsConfig config, ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.config = config;
        this.json = json;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        String uri = context.request().uri();
        if (uri.length() > config.maxUriLength()) {
            refuse(context, new Problem("about:blank", "URI Too Long", 414,
                    "The request target is longer than " + config.maxUriLength() + " characters", List.of()));
            return;
        }
        long headerSize = 0;
        for (Map.Entry<String, String> header : context.request().headers()) {
            headerSize += header.getKey().length() + 2 + header.getValue().length();     // "name: value"
        }
        if (headerSize > config.maxHeaderSize()) {
            refuse(context, new Problem("about:blank", "Request Header Fields Too Large", 431,
                    "The request headers are larger than " + config.maxHeaderSize() + " characters", List.of()));
            return;
        }
        if (announcedBodySize(context) > maxBodySize) {
            // The body is never read: the connection closes after the answer, as Quarkus's own check would close it.
            context.response().putHeader("Connection", "close");
            refuse(context, new Problem("about:blank", "Content Too Large", 413,
                    "The request body is larger than " + maxBodySize + " bytes", List.of()));
            return;
        }
        context.next();
    }

    /** The {@code Content-Length}, or -1 when there is none (a chunked body) or it is no number (the codec's case). */
    private static long announcedBodySize(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void refuse(RoutingContext context, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A Problem always serialises", e);
        }
        context.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
    }
}
