/**
 * Rate limits kept in Redis: the counter pattern made atomic with one Lua script per check
 * ({@link org.acme.shop.ratelimit.RateLimiter}), applied to logins per client address, failed logins per email and
 * address, registrations per address ({@code SessionResource}, {@code UserResource}) and writes per client
 * ({@link org.acme.shop.ratelimit.WriteRateLimit}). Over a limit the answer is {@code 429} with {@code Retry-After}
 * and the IETF draft's {@code RateLimit-Policy} and {@code RateLimit} fields; without Redis the login limits fail
 * closed ({@code 503}), the others open.
 * <p>
 * Imports: the kernels only.
 */
package org.acme.shop.ratelimit;
