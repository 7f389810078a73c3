/**
 * Users, login sessions and the cart, and the pattern of <b>Redis HASHes as sessions</b>: each session is one HASH
 * whose fields are read and written one by one ({@code HGET}, {@code HSET}, {@code HDEL}) without deserialising a
 * blob, with a sliding idle timeout refreshed in the same round trip as the read
 * ({@link org.acme.shop.session.SessionStore}).
 */
package org.acme.shop.session;
