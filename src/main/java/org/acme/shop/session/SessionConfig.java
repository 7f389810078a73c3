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

    /** Adds {@code Secure} to the session cookie. Default {@code false} for local HTTP; set {@code true} behind TLS. */
    @WithDefault("false")
    boolean cookieSecure();
}
