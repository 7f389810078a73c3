package org.acme.shop.catalog.near;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.acme.shop.catalog.ProductCache;
import org.acme.shop.catalog.ProductResource;
import org.acme.shop.http.problem.Problem;
import org.acme.shop.redis.CacheOutcome;
import org.acme.shop.redis.Cached;
import org.acme.shop.views.ViewCounter;

/**
 * Where a <b>near-cache hit</b> of {@code GET /api/products/{id}} is answered: a Vert.x route on the event loop, in
 * front of JAX-RS. A hit is a map lookup, so what it costs is the HTTP stack around it: here it skips the hop to a
 * worker thread and JAX-RS's own routing, security check and response writing, which together cost more than the read.
 * Anything that L1 does not hold (or while L1 is off, or not tracking) goes on to {@link ProductResource#get}, which
 * reads Redis and PostgreSQL on a worker thread; so does a request this route does not understand (an id that is not
 * a number, an {@code Accept} without JSON), and JAX-RS gives it its usual answer.
 * <p>
 * The answer is the one {@link ProductResource#get} gives: the same body, status, {@code Content-Type}, problem body
 * for a tombstone, and {@code X-Cache: L1}; the read counts a view; the endpoint is public ({@code @PermitAll}), so no
 * identity is needed. The HTTP metrics still see it, under the same {@code uri="/api/products/{id}"}.
 */
@ApplicationScoped
public class NearCacheRoute {

    /** After the security filters (negative orders), before JAX-RS ({@link RouteConstants#ROUTE_ORDER_DEFAULT}). */
    private static final int ORDER = RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT;

    private final ProductCache cache;
    private final NearCache near;
    private final ViewCounter views;
    private final ObjectMapper json;

    public NearCacheRoute(ProductCache cache, NearCache near, ViewCounter views, ObjectMapper json) {
        this.cache = cache;
        this.near = near;
        this.views = views;
        this.json = json;
    }

    void install(@Observes Router router) {
        if (near.enabled()) {
            router.get("/api/products/:id").order(ORDER).handler(this::answerFromL1);
        }
    }

    private void answerFromL1(RoutingContext context) {
        long id = parseId(context.pathParam("id"));
        if (id < 0 || !acceptsJson(context.request().getHeader(HttpHeaders.ACCEPT))) {
            context.next();
            return;
        }
        Cached<String> held = cache.findInNear(id);
        if (held == null) {
            context.next();                                   // not in L1: JAX-RS reads Redis, then PostgreSQL
            return;
        }
        if (!held.found()) {
            context.response().setStatusCode(404)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(CacheOutcome.HEADER, CacheOutcome.L1.name())
                    .end(write(ProductResource.notFound(id)));
            return;
        }
        views.record(id, context.request());                 // in memory, never blocks
        context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                .putHeader(CacheOutcome.HEADER, CacheOutcome.L1.name())
                .end(held.value());
    }

    /** The id, or -1 when the path segment is not a plain number (JAX-RS then answers as it would). */
    private static long parseId(String segment) {
        if (segment == null || segment.isEmpty() || segment.length() > 18) {
            return -1;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(segment);
    }

    /** No {@code Accept}, or one that JSON satisfies; anything else is left to JAX-RS's content negotiation. */
    private static boolean acceptsJson(String accept) {
        return accept == null || accept.contains("*/*") || accept.contains("application/*")
                || accept.contains(MediaType.APPLICATION_JSON);
    }

    private String write(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A Problem always serialises", e);
        }
    }
}
