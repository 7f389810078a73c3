package org.acme.shop.bestsellers;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the best-seller ranking ({@code best-sellers.*}). */
@ConfigMapping(prefix = "best-sellers")
public interface BestSellersConfig {

    /**
     * The longest window a ranking may cover, in days, and so how long a day key is kept: it expires at the start of
     * the UTC day {@code max-days + 1} days after its own. Default {@code 30}: a month of sales, at most 31 keys of at
     * most one member per product each.
     */
    @WithDefault("30")
    int maxDays();

    /**
     * At start-up, rebuild the day keys from PostgreSQL when none of the last {@code max-days} days has one (Redis
     * restarted without persistence, or was flushed). Default {@code true}; the rebuild is one grouped query and one
     * {@code MULTI}, and an instance that finds another one rebuilding skips it.
     */
    @WithDefault("true")
    boolean rebuildAtStart();
}
