package org.acme.shop.inventory.flashsale.writer;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.runtime.Startup;
import org.acme.shop.inventory.InventoryConfig;
import org.acme.shop.inventory.StockWriteThrough;
import org.acme.shop.inventory.flashsale.FlashSale;
import org.acme.shop.inventory.flashsale.FlashSaleConfig;
import org.acme.shop.inventory.flashsale.FlashSaleStore;
import org.acme.shop.redis.StreamConsumer;
import org.jboss.logging.Logger;

/**
 * Writes a sale's stream to PostgreSQL: as one consumer of the group {@code writers} ({@link FlashSaleStream}), it
 * takes the entries delivered to itself and not acknowledged (a batch whose commit failed), then, with
 * {@code XAUTOCLAIM}, entries that another consumer has held unacknowledged for {@code inventory.flash-sale.claim-idle}
 * (that instance died between its read and its commit), then new entries, in batches of
 * {@code inventory.flash-sale.batch-size}. Each batch is inserted in one transaction ({@link FlashSaleStore#write}) and
 * acknowledged (and deleted) only after its commit. Writing an entry twice does no harm: the insert is idempotent by
 * reservation id, so an instance that dies after its commit and before its {@code XACK} costs one more insert that
 * changes nothing.
 */
@ApplicationScoped
@Startup        // its meters are listed from the start, at 0: the alert rules read them before the first sale
@Transactional(TxType.NEVER)
public class FlashSaleBatchWriter {

    private static final Logger LOG = Logger.getLogger(FlashSaleBatchWriter.class);

    private final FlashSaleStore store;
    private final FlashSaleStream stream;
    private final StockWriteThrough stock;
    private final MeterRegistry registry;
    private final FlashSaleConfig config;
    private final Timer lag;
    /** This instance's name in the consumer group: host and process, so that a restarted process is a new consumer. */
    private final String consumer = ManagementFactory.getRuntimeMXBean().getName() + "-"
            + UUID.randomUUID().toString().substring(0, 8);

    public FlashSaleBatchWriter(FlashSaleStore store, FlashSaleStream stream, StockWriteThrough stock,
            MeterRegistry registry, InventoryConfig config) {
        this.store = store;
        this.stream = stream;
        this.stock = stock;
        this.registry = registry;
        this.config = config.flashSale();
        this.lag = Timer.builder("flash.sale.write.lag").publishPercentiles(0.5, 0.99)
                .description("From a reservation's accept in Redis to the commit that wrote it to PostgreSQL")
                .register(registry);
        for (String result : List.of("written", "duplicate", "refused")) {
            registry.counter("flash.sale.writes", "result", result);                // listed at 0 before the first
        }
    }

    /** This instance's name in the group {@code writers}. */
    String consumer() {
        return consumer;
    }

    /**
     * Writes what is due on the sale's stream: entries idle for {@code inventory.flash-sale.claim-idle} are taken over.
     *
     * @return false when Redis or PostgreSQL failed; the entries stay pending, for the next pass
     */
    public boolean writeDue(FlashSale sale) {
        return writeDue(sale, config.claimIdle());
    }

    /**
     * Writes everything on the sale's stream, whoever it was delivered to ({@code XAUTOCLAIM} with no idle time):
     * used when the sale ends, after its gate was closed. An entry that a live writer is committing right now may be
     * written twice; the insert is idempotent.
     *
     * @return false when Redis or PostgreSQL failed before the stream was empty
     */
    public boolean drain(FlashSale sale) {
        return writeDue(sale, Duration.ZERO);
    }

    /** Own unacknowledged entries, then other consumers' idle ones, then new ones; false when something failed. */
    private boolean writeDue(FlashSale sale, Duration claimIdle) {
        StreamConsumer.Pass pass = stream.consume(sale.sku(), consumer, claimIdle, config.batchSize(),
                batch -> write(sale, batch));
        registry.counter("flash.sale.claimed").increment(pass.claimed());
        return pass.complete();
    }

    /**
     * Writes one batch, which the stream acknowledges after the commit. A batch refused by
     * {@code flash_sale_not_oversold} is written entry by entry, and an entry that would still oversell is acknowledged
     * without a row: it can only come from a Redis that lost acknowledged writes (see docs/flash-sale.md), and
     * PostgreSQL stays right.
     */
    private boolean write(FlashSale sale, List<StreamMessage<String, String, String>> messages) {
        stall();
        List<FlashSaleStore.Entry> entries = messages.stream().map(FlashSaleStream::entry).toList();
        try {
            written(entries, store.write(sale, entries));
        } catch (RuntimeException batchFailed) {
            if (!isOversell(batchFailed)) {
                LOG.debugf("Flash-sale batch of %s not written: %s", sale.sku(), batchFailed.getMessage());
                return false;                           // PostgreSQL failed: the entries stay pending, written later
            }
            for (FlashSaleStore.Entry entry : entries) {
                try {
                    written(List.of(entry), store.write(sale, List.of(entry)));
                } catch (RuntimeException refused) {
                    if (!isOversell(refused)) {
                        return false;
                    }
                    registry.counter("flash.sale.writes", "result", "refused").increment();
                    LOG.warnf("Flash-sale reservation %s of %s refused: the sale has no unit left in PostgreSQL",
                            entry.id(), sale.sku());
                }
            }
        }
        return true;
    }

    private void written(List<FlashSaleStore.Entry> entries, FlashSaleStore.Written written) {
        written.stock().ifPresent(stock::writeThrough);
        registry.counter("flash.sale.writes", "result", "written").increment(written.inserted());
        registry.counter("flash.sale.writes", "result", "duplicate").increment(entries.size() - written.inserted());
        OffsetDateTime now = OffsetDateTime.now();
        for (FlashSaleStore.Entry entry : entries) {
            lag.record(Duration.between(entry.createdAt(), now));
        }
    }

    private void stall() {
        if (!config.writerStall().isZero()) {
            try {
                Thread.sleep(config.writerStall());             // failure injection only (see FlashSaleConfig)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The CHECK {@code flash_sale_not_oversold} (SQLSTATE 23514) refused the batch. */
    private static boolean isOversell(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23514".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("flash_sale_not_oversold")) {
                return true;
            }
        }
        return false;
    }
}
