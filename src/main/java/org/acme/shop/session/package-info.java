/**
 * Login sessions, and who the caller of a request is. The pattern of <b>Redis HASHes as sessions</b>: each session is
 * one HASH whose fields are read and written one by one ({@code HGET}, {@code HSET}, {@code HDEL}) without
 * deserialising a blob, with a sliding idle timeout refreshed in the same round trip as the read
 * ({@link org.acme.shop.session.SessionStore}). The same read gives each request its <b>Quarkus Security identity</b>
 * ({@link org.acme.shop.session.SessionAuthenticationMechanism}, {@link org.acme.shop.session.SessionIdentityProvider}):
 * resources declare who may call them with {@code @PermitAll}, {@code @Authenticated} or
 * {@code @RolesAllowed(Roles.ADMIN)} and get the caller from {@link org.acme.shop.session.CurrentUser}. The first
 * admin, from configuration, is in {@code session.admin}.
 * <p>
 * Imports: the kernels, {@code user} (a session is opened for an account) and {@code ratelimit} (logins and
 * registrations are limited).
 */
package org.acme.shop.session;
