package org.acme.shop.session;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

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
import io.vertx.ext.web.RoutingContext;

/**
 * <b>Where Quarkus Security finds the caller:</b> the session token, sent as {@code Authorization: Bearer …} or in the
 * {@code SESSION} cookie (the bearer token wins when both are there). This class only takes the token out of the
 * request; {@link SessionIdentityProvider} turns it into a {@code SecurityIdentity}.
 * <p>
 * Authentication is lazy ({@code quarkus.http.auth.proactive=false}): it runs only for an endpoint that needs to know
 * the caller, so public reads never touch the session store, and a failure reaches the exception mappers, which answer
 * {@code application/problem+json} like every other error.
 */
@ApplicationScoped
public class SessionAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String COOKIE = "SESSION";

    private static final String BEARER = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String authorization = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Uni.createFrom().failure(new AuthenticationFailedException("Only bearer tokens are accepted"));
            }
            return identities.authenticate(new SessionTokenRequest(authorization.substring(BEARER.length()).strip()));
        }
        Cookie cookie = context.request().getCookie(COOKIE);
        if (cookie == null || cookie.getValue().isEmpty()) {
            return Uni.createFrom().nullItem();                  // anonymous: @PermitAll endpoints still answer
        }
        return identities.authenticate(new SessionTokenRequest(cookie.getValue()));
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
