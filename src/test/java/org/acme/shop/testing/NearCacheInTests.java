package org.acme.shop.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.acme.shop.catalog.near.NearCache;
import org.acme.shop.redis.RedisTopology;

/**
 * The tests run the near cache as production does ({@code catalog.cache.near.enabled} is on in {@code %test}): a
 * product read from Redis is then held in memory, and the next read answers {@code X-Cache: L1}. On a Redis Cluster
 * the near cache stays off (docs/near-cache.md), and that read answers {@code HIT}.
 */
public final class NearCacheInTests {

    private NearCacheInTests() {
    }

    /**
     * What a read answers once a first read found the product in Redis: {@code L1}, after waiting until the tracking
     * connection is on (a few hundred milliseconds after the app starts); {@code HIT} on a cluster.
     */
    public static String afterAHit(NearCache near, RedisTopology topology) {
        if (!near.enabled() || topology.clustered()) {
            return "HIT";
        }
        await().atMost(Duration.ofSeconds(10)).until(near::inUse);
        return "L1";
    }
}
