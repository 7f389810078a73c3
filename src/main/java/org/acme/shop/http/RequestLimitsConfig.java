package org.acme.shop.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long a request's target and headers may be ({@code request-limits.*}); {@link RequestLimits} answers beyond
 * them with a problem body. Vert.x's own codec limits ({@code quarkus.http.limits.max-initial-line-length},
 * {@code max-header-size}) are set far higher in {@code application.properties}, because what it refuses it answers
 * without a body.
 */
@ConfigMapping(prefix = "request-limits")
public interface RequestLimitsConfig {

    /**
     * Longest request target (path and query) in characters: beyond it, {@code 414}. Default {@code 4096}, the
     * limit most proxies and browsers apply; no URI of this API comes near it.
     */
    @WithDefault("4096")
    int maxUriLength();

    /**
     * Largest total of the header lines ({@code name: value}) in characters: beyond it, {@code 431}. Default
     * {@code 16384}: a session cookie and a bearer token take under 100 characters each.
     */
    @WithDefault("16384")
    int maxHeaderSize();
}
