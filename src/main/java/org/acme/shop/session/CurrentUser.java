package org.acme.shop.session;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.security.identity.SecurityIdentity;
import org.acme.shop.http.Roles;

/**
 * The signed-in caller of this request, for endpoints marked {@code @Authenticated} or {@code @RolesAllowed}: the
 * session that {@link SessionIdentityProvider} read once, when Quarkus Security authenticated the request.
 */
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    public SessionStore.Session session() {
        SessionStore.Session session = identity.getAttribute(SessionIdentityProvider.SESSION);
        if (session == null) {
            // Only an endpoint that forgot @Authenticated gets here; deny-unannotated-endpoints makes that unlikely.
            throw new IllegalStateException("No signed-in user: the endpoint must require authentication");
        }
        return session;
    }

    public long id() {
        return session().userId();
    }

    public boolean isAdmin() {
        return identity.hasRole(Roles.ADMIN);
    }
}
