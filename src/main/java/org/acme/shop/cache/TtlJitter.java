package org.acme.shop.cache;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Spreads expiries: keys written together (after a deploy, a bulk import, a cache flush) would otherwise expire
 * together and send their whole load to the database in the same second.
 */
public final class TtlJitter {

    private TtlJitter() {
    }

    /**
     * @param ttl the nominal TTL
     * @param fraction the maximum relative deviation, e.g. {@code 0.1} for ±10 %
     * @return a TTL drawn uniformly from {@code ttl × [1 - fraction, 1 + fraction]}, never below one second
     */
    public static Duration apply(Duration ttl, double fraction) {
        long millis = ttl.toMillis();
        long spread = Math.round(millis * fraction);
        long jittered = spread == 0 ? millis : millis + ThreadLocalRandom.current().nextLong(-spread, spread + 1);
        return Duration.ofMillis(Math.max(1_000, jittered));
    }
}
