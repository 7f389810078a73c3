package org.acme.shop.inventory.flashsale;

import java.time.Duration;

import io.smallrye.config.WithDefault;
import org.acme.shop.inventory.InventoryConfig;
import org.acme.shop.inventory.flashsale.writer.FlashSaleWriter;

/** Settings of the flash-sale mode ({@code inventory.flash-sale.*}), a group of {@link InventoryConfig}. */
public interface FlashSaleConfig {

    /**
     * Runs the writer (a thread of its own in every instance) that moves accepted reservations from the sale's stream to PostgreSQL. Default
     * {@code true}; {@code %test} switches it off so that its SQL does not land in the statement counts of unrelated
     * tests (the flash-sale tests call {@link FlashSaleWriter#pass()} themselves).
     */
    @WithDefault("true")
    boolean writerEnabled();

    /**
     * How often the writer reads the streams of the sales that are on. Default {@code 50ms}: it bounds the lag from
     * accept to PostgreSQL when the sale is quiet (a busy pass goes on reading while its batches come back full).
     */
    @WithDefault("50ms")
    Duration writerInterval();

    /**
     * How often the writer looks for a sale while none is on. Default {@code 1s}: an idle instance asks PostgreSQL once
     * a second, not once every {@code writer-interval}. A sale started on an instance wakes its own writer at once;
     * the other instances find it within this interval.
     */
    @WithDefault("1s")
    Duration writerIdleInterval();

    /** Reservations written per transaction. Default {@code 200}: one commit carries them all, in milliseconds. */
    @WithDefault("200")
    int batchSize();

    /**
     * How long an entry may stay delivered to a consumer and unacknowledged before another consumer takes it over
     * with {@code XAUTOCLAIM}. Default {@code 10s}: far above one batch's commit, so a live writer is not robbed of
     * its entries; an instance that died costs at most this much extra lag on the entries it held.
     */
    @WithDefault("10s")
    Duration claimIdle();

    /**
     * How long the sale's keys in Redis outlive its end ({@code endsAt}), in case the writer cannot end it on time.
     * Default {@code 1h}. The stream has no TTL: it holds reservations that PostgreSQL does not have yet.
     */
    @WithDefault("1h")
    Duration keyGrace();

    /**
     * Failure injection: the writer waits this long between reading a batch and writing it, so that a test can kill
     * the process while the entries are delivered and unacknowledged. Default {@code 0s} (no wait).
     */
    @WithDefault("0s")
    Duration writerStall();
}
