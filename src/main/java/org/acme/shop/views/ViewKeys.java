package org.acme.shop.views;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.shop.redis.KeySpace;

/**
 * The Redis keys of the view counters (write-behind) and the unique viewers (HyperLogLog). Every key starts with the
 * shared prefix of {@link KeySpace}; the key table of docs/reference.md lists them.
 */
@ApplicationScoped
public class ViewKeys {

    private final String prefix;

    public ViewKeys(KeySpace keys) {
        this.prefix = keys.prefix();
    }

    /** The shared first segment, {@code cache.key-prefix}. */
    public String prefix() {
        return prefix;
    }

    /**
     * STREAM, no TTL: the view deltas of one shard's products waiting for the flusher, e.g.
     * {@code shop:views:stream:{0}}. The braces are a Redis Cluster hash tag: every key of a shard carries the same
     * one, so the scripts that touch several of them run on one node.
     */
    public String viewStream(int shard) {
        return prefix + ":views:stream:{" + shard + "}";
    }

    /** STRING counter, no TTL: one product's views in the stream and not yet flushed; deleted when it reaches 0. */
    public String viewsPending(int shard, long productId) {
        return prefix + ":views:pending:{" + shard + "}:" + productId;
    }

    /** HyperLogLog, TTL of the days the stats can ask for: one product's distinct visitors of one UTC day. */
    public String viewVisitors(int shard, long productId, LocalDate day) {
        return prefix + ":views:visitors:{" + shard + "}:" + productId + ":" + day;
    }
}
