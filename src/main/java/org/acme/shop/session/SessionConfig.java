package org.acme.shop.session;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the session area ({@code session.*}). */
@ConfigMapping(prefix = "session")
public interface SessionConfig {

    /** A session unused for this long expires (its HASH's TTL, renewed on every request). Default {@code 30m}. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** A session older than this is refused however active it is, which bounds a stolen token. Default {@code 12h}. */
    @WithDefault("12h")
    Duration absoluteLifetime();

    /**
     * How many sessions one user may have at once; a login beyond that signs out the user's oldest session. Default
     * {@code 10}: a phone, a laptop and a few browsers, with room to spare, while a script that logs in in a loop
     * cannot grow one user's index and its sessions without bound.
     */
    @WithDefault("10")
    int maxPerUser();

    /**
     * Lines (distinct products) one session's cart may hold; a new line beyond it is a {@code 409}. Default {@code 50}:
     * a large basket. The cart lives in the session's HASH on the state role, which never evicts: without a cap an
     * account could fill it with one line per product of the catalog, in each of its sessions.
     */
    @WithDefault("50")
    int cartMaxLines();

    /**
     * Adds {@code Secure} to the session cookie, so browsers send it over HTTPS only. Default {@code true}: a token
     * must not cross a network in clear text. {@code application.properties} turns it off for {@code %dev} and
     * {@code %test}, which run on plain HTTP; behind a TLS-terminating proxy it stays on.
     */
    @WithDefault("true")
    boolean cookieSecure();

    /** The {@code __Host-} cookie's name: {@code Secure}, {@code Path=/}, no {@code Domain}, as browsers demand. */
    String SECURE_COOKIE = "__Host-SESSION";

    /** The cookie's name without {@code Secure}, where a browser would refuse the {@code __Host-} prefix. */
    String PLAIN_COOKIE = "SESSION";

    /**
     * The session cookie's name: {@value #SECURE_COOKIE} when it is {@code Secure}. A browser accepts a
     * {@code __Host-} cookie only from a secure origin, with {@code Path=/} and no {@code Domain}, and no other host
     * (a sibling subdomain included) can set or overwrite it, so nobody can plant a session of theirs in a user's
     * browser. On plain HTTP ({@code %dev}) it is {@value #PLAIN_COOKIE}.
     */
    default String cookieName() {
        return cookieSecure() ? SECURE_COOKIE : PLAIN_COOKIE;
    }
}
