package org.acme.shop.ratelimit;

import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import org.acme.shop.http.ClientAddress;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The writes limit ({@code rate-limit.writes-per-client}): every {@code POST}, {@code PUT}, {@code PATCH} and
 * {@code DELETE} of the API counts against its client, the signed-in user, or the client address for the public writes
 * (log in, register), which also have limits of their own (in {@code SessionResource} and {@code UserResource}).
 * A JAX-RS filter, so it sees the API only: {@code /q/*} (OpenAPI, Swagger UI; health and metrics are on the
 * management port) is never limited.
 * <p>
 * The check does not block ({@link RateLimiter#checkAsync}): for an endpoint that runs on the event loop (a flash-sale
 * reservation) the filter runs there too, and a blocking call would fail; for a blocking endpoint Quarkus resumes the
 * request on its worker thread once Redis has answered.
 * <p>
 * The user is taken from the request's identity only where the endpoint needs one, which Quarkus Security then
 * resolves anyway: asking for it on a public endpoint would authenticate a stale token sent along with a login, and
 * refuse the login.
 */
public class WriteRateLimit {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final RateLimiter limiter;
    private final SecurityIdentity identity;
    private final ClientAddress clients;

    public WriteRateLimit(RateLimiter limiter, SecurityIdentity identity, ClientAddress clients) {
        this.limiter = limiter;
        this.identity = identity;
        this.clients = clients;
    }

    @ServerRequestFilter
    public Uni<Void> limitWrites(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        if (READS.contains(request.getMethod())) {
            return null;              // nothing to wait for: RESTEasy Reactive goes on at once, with no Uni subscribed
        }
        boolean isPublic = resource.getResourceMethod() == null
                || resource.getResourceMethod().isAnnotationPresent(PermitAll.class)
                || resource.getResourceClass().isAnnotationPresent(PermitAll.class);
        String client = isPublic || identity.isAnonymous() ? "address " + clients.of(http)
                : "user " + identity.getPrincipal().getName();
        return limiter.checkAsync(limiter.writesPerClient(), client);
    }
}
