package org.acme.shop.session;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import org.acme.shop.http.problem.Unauthorized;

/**
 * Turns a session token into a {@link SecurityIdentity}: the principal is the user's id (not the email: a principal
 * name may reach a log line, and an email is personal data), the one role is the one
 * the session HASH recorded at login, and the whole {@link SessionStore.Session} rides along as an attribute. That
 * is the request's only session read: the {@code TOUCH} script slides the idle expiry and returns every field in one
 * round trip, and resources get the result through {@link CurrentUser} instead of reading Redis again.
 * <p>
 * Quarkus Security calls this on the event loop, so the lookup does not block ({@link SessionStore#requireAsync}): a
 * blocking one would hop to a worker thread and back for every signed-in request. Redis being down is not a wrong
 * token: {@link org.acme.shop.http.problem.ServiceUnavailable} passes through and becomes a {@code 503}.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionTokenRequest> {

    /** The attribute of the identity that holds the {@link SessionStore.Session}. */
    static final String SESSION = "session";

    private final SessionStore sessions;

    public SessionIdentityProvider(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public Class<SessionTokenRequest> getRequestType() {
        return SessionTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionTokenRequest request, AuthenticationRequestContext context) {
        return sessions.requireAsync(request.token())
                .onFailure(Unauthorized.class).transform(e -> new AuthenticationFailedException(e.getMessage()))
                .map(session -> QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(Long.toString(session.userId())))
                        .addRole(session.role())
                        .addAttribute(SESSION, session)
                        .build());
    }
}
