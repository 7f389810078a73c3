package org.acme.shop.views;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The product view counters ({@code views.*}): how views travel from a request to Redis, and from Redis to
 * PostgreSQL. docs/write-behind.md explains what each setting bounds.
 */
@ConfigMapping(prefix = "views")
public interface ViewsConfig {

    /**
     * Counts the views of {@code GET /api/products/{id}}. Default {@code true}; {@code false} records nothing (the
     * stats endpoint still answers with what was counted before). The benchmark switches it to compare the hit path
     * with and without counting.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * How often each instance sends the views it added up in memory to Redis. Default {@code 1s}: the views of one
     * interval are what an instance killed with {@code kill -9} loses; shorter means more sends, and each send touches
     * every product read in its interval, so Redis does more work per second. At {@code 100ms} the sends of a busy
     * catalog (every product read in every interval) cost the cached read about a third of its throughput on a
     * 2-core machine that Redis shares; at {@code 1s}, a tenth of the sends, too little to tell from the noise
     * (docs/write-behind.md).
     */
    @WithDefault("1s")
    Duration sendInterval();

    /**
     * Products one instance adds up in memory per send interval at most. Default {@code 10000}: ten times the sample
     * catalog; each costs about a hundred bytes. A view of one more product is dropped and counted
     * ({@code views_dropped_total{reason="buffer-full"}}). While Redis is down the interval is not sent and keeps
     * adding up, so this bounds the memory of an outage too.
     */
    @WithDefault("10000")
    int maxProducts();

    /**
     * Distinct visitors (per product and day) one instance holds per send interval at most, for the unique-viewer
     * counts. Default {@code 10000}: each costs about 150 bytes whatever the request sent (a fixed-size
     * {@code VisitorId}), so 1.5 MB at most. Beyond it the view still counts but its visitor is not recorded, counted
     * in {@code views_visitors_dropped_total}.
     */
    @WithDefault("10000")
    int maxVisitors();

    /**
     * Stream entries (per shard) beyond which new views are dropped and counted instead of added. An entry is one
     * script of one send of one instance (ten sends a second), with the views of at most 250 products. Default
     * {@code 50000}: more than an hour of one instance's sends while PostgreSQL is down or no flusher runs, when it
     * reads fewer than 250 products per interval (a quarter of that at 1,000); at most a few hundred MB of Redis
     * memory.
     */
    @WithDefault("50000")
    long maxPending();

    /**
     * Streams (and hash tags) the products are spread over: product {@code id} goes to shard {@code id % shards}.
     * Default {@code 1}, which suits one Redis server. On Redis Cluster raise it to spread the keys over the
     * slots; raise it only while no entry is pending (docs/write-behind.md).
     */
    @WithDefault("1")
    int shards();

    /** The flusher: from the stream to PostgreSQL. */
    Flush flush();

    interface Flush {

        /**
         * Runs the scheduled flusher in this instance. Default {@code true}; {@code %test} switches it off so that
         * its SQL does not land in the statement counts of unrelated tests (the view tests call it themselves).
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * How often each instance's flusher drains the stream. Default {@code 1s}: with the send interval, the lag
         * between a view and PostgreSQL, and what the stats report as pending.
         */
        @WithDefault("1s")
        Duration interval();

        /**
         * Stream entries written per PostgreSQL transaction. Default {@code 100}: ten seconds of one instance's sends,
         * at most 100,000 views in one statement and one commit.
         */
        @WithDefault("100")
        int batchSize();

        /**
         * How long an entry stays with a consumer that does not acknowledge it before another flusher claims it
         * ({@code XAUTOCLAIM}). Default {@code 30s}: the flusher's transaction times out at half of it, so a live
         * flusher always commits or gives up before its entries can be claimed.
         */
        @WithDefault("30s")
        Duration claimIdle();
    }
}
