package org.acme.shop.session;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * A session token taken from a request, on its way from {@link SessionAuthenticationMechanism} to
 * {@link SessionIdentityProvider}. A type of its own, so that no other identity provider (JWT, OIDC…) a copy of this
 * service may add later takes it for its kind of token.
 */
public class SessionTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public SessionTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
