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
     * Adds {@code Secure} to the session cookie, so browsers send it over HTTPS only. Default {@code true}: a token
     * must not cross a network in clear text. {@code application.properties} turns it off for {@code %dev} and
     * {@code %test}, which run on plain HTTP; behind a TLS-terminating proxy it stays on.
     */
    @WithDefault("true")
    boolean cookieSecure();
}
