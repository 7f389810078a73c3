package org.acme.shop.brand;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the brands ({@code brand.*}); {@code cache.enabled} switches their cache off with the catalog's. */
@ConfigMapping(prefix = "brand")
public interface BrandConfig {

    /**
     * TTL of a cached brand and of the cached brand list. Default {@code 1h}: brands change by migration or SQL only,
     * never through the API, so nothing invalidates them and the TTL bounds how long a change takes to show.
     */
    @WithDefault("1h")
    Duration cacheTtl();
}
