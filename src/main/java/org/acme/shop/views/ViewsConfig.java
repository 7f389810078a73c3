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
     * How often each instance sends the views it holds in memory to Redis. Default {@code 100ms}: the views of one
     * interval are what an instance killed with {@code kill -9} loses; shorter means more, smaller scripts.
     */
    @WithDefault("100ms")
    Duration sendInterval();

    /**
     * Views one instance holds in memory at most, waiting for the sender. Default {@code 10000}: ten intervals of
     * 10,000 views a second; beyond it (Redis away for a while) views are dropped and counted, never queued without
     * bound.
     */
    @WithDefault("10000")
    int bufferSize();

    /**
     * Stream entries (per shard) beyond which new views are dropped and counted instead of added. An entry is one send
     * of one instance (ten a second), with at most 1,000 views. Default {@code 50000}: more than an hour of sends of
     * one instance while PostgreSQL is down or no flusher runs, at most a few hundred MB of Redis memory.
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
