package org.acme.shop.http;

/**
 * The names of the two OpenAPI security schemes: the session token sent as {@code Authorization: Bearer …} or as the
 * {@code SESSION} cookie. A resource names both on each endpoint that needs a signed-in caller
 * ({@code @SecurityRequirement(name = SecuritySchemes.BEARER)}); the session package declares the schemes themselves
 * ({@code SessionResource}) and checks the token ({@code SessionAuthenticationMechanism}). Kept here, with
 * {@link Roles}, so that a feature can say who may call it without importing the session package.
 */
public final class SecuritySchemes {

    public static final String BEARER = "bearerToken";
    public static final String COOKIE = "sessionCookie";

    private SecuritySchemes() {
    }
}
