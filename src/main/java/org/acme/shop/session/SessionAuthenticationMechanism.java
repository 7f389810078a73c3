package org.acme.shop.session;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * <b>Where Quarkus Security finds the caller:</b> the session token, sent as {@code Authorization: Bearer …} or in the
 * session cookie ({@code __Host-SESSION}, {@link SessionConfig#cookieName}; the bearer token wins when both are there). This class only takes the token out of the
 * request; {@link SessionIdentityProvider} turns it into a {@code SecurityIdentity}.
 * <p>
 * Authentication is lazy ({@code quarkus.http.auth.proactive=false}): it runs only for an endpoint that needs to know
 * the caller, so public reads never touch the session store, and a failure reaches the exception mappers, which answer
 * {@code application/problem+json} like every other error.
 * <p>
 * <b>A cookie authenticates a {@code POST}, {@code PUT} or {@code PATCH} only with a JSON body</b>
 * ({@code Content-Type: application/json}, a body or none); anything else is a {@code 415}. A browser sends the cookie
 * by itself, with a form posted from another page too; {@code SameSite=Lax} keeps it off other sites' forms, not off a
 * sibling subdomain's. A form can only send {@code application/x-www-form-urlencoded}, {@code multipart/form-data} or
 * {@code text/plain}, and a script on another origin cannot send {@code application/json} without a CORS preflight,
 * which this service never grants. {@code DELETE} needs that preflight anyway. A bearer token is never sent by itself.
 */
@ApplicationScoped
public class SessionAuthenticationMechanism implements HttpAuthenticationMechanism {

    private final SessionConfig config;

    private static final String BEARER = "Bearer ";
    /** The methods a cross-site request may send without a CORS preflight, with a body: POST; and PUT, PATCH alike. */
    private static final Set<HttpMethod> FORM_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);
    private static final String CONTENT_TYPE = "Content-Type";

    public SessionAuthenticationMechanism(SessionConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String authorization = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Uni.createFrom().failure(new AuthenticationFailedException("Only bearer tokens are accepted"));
            }
            return identities.authenticate(new SessionTokenRequest(authorization.substring(BEARER.length()).strip()));
        }
        Cookie cookie = context.request().getCookie(config.cookieName());
        if (cookie == null || cookie.getValue().isEmpty()) {
            return Uni.createFrom().nullItem();                  // anonymous: @PermitAll endpoints still answer
        }
        if (FORM_METHODS.contains(context.request().method()) && !isJson(context.request().getHeader(CONTENT_TYPE))) {
            return Uni.createFrom().failure(new AuthenticationFailedException(new NotSupportedException(
                    "A write signed in by the session cookie must send Content-Type: application/json")));
        }
        return identities.authenticate(new SessionTokenRequest(cookie.getValue()));
    }

    /** {@code application/json}, with or without parameters ({@code ; charset=utf-8}). */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int end = contentType.indexOf(';');
        String type = end < 0 ? contentType : contentType.substring(0, end);
        return type.strip().equalsIgnoreCase(MediaType.APPLICATION_JSON);
    }

    /** What a client that sent no (valid) credential is told: log in and send the token. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(HttpResponseStatus.UNAUTHORIZED.code(),
                HttpHeaderNames.WWW_AUTHENTICATE, "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SessionTokenRequest.class);
    }
}
