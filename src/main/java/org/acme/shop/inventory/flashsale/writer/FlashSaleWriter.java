package org.acme.shop.inventory.flashsale.writer;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.acme.shop.http.problem.ServiceUnavailable;
import org.acme.shop.inventory.InventoryConfig;
import org.acme.shop.inventory.StockLevel;
import org.acme.shop.inventory.StockWriteThrough;
import org.acme.shop.inventory.flashsale.FlashSale;
import org.acme.shop.inventory.flashsale.FlashSaleConfig;
import org.acme.shop.inventory.flashsale.FlashSaleGateLifecycle;
import org.acme.shop.inventory.flashsale.FlashSaleStore;
import org.jboss.logging.Logger;

/**
 * <b>Write-behind</b> of flash-sale reservations, the loop: every instance runs a pass every
 * {@code inventory.flash-sale.writer-interval} while a sale is on, and looks for one only every
 * {@code inventory.flash-sale.writer-idle-interval} while none is ({@link #tick}). Each pass, for every sale that is
 * on, it
 * <ol>
 * <li>rebuilds the gate when Redis lost it ({@link #rebuild}): until then the sale answers {@code 503};</li>
 * <li>writes what is due on the sale's stream ({@link FlashSaleBatchWriter}: its own unacknowledged entries, those
 * another instance left idle, new ones);</li>
 * <li>ends the sale once its {@code endsAt} has passed ({@link #end}).</li>
 * </ol>
 */
@ApplicationScoped
@Transactional(TxType.NEVER)
public class FlashSaleWriter {

    private static final Logger LOG = Logger.getLogger(FlashSaleWriter.class);

    private final FlashSaleStore store;
    private final FlashSaleGateLifecycle gate;
    private final FlashSaleStream stream;
    private final FlashSaleBatchWriter batchWriter;
    private final StockWriteThrough stock;
    private final MeterRegistry registry;
    private final FlashSaleConfig config;
    private final long idleNanos;
    private ScheduledExecutorService loop;
    /** A sale started on this instance since the last look: the next tick runs a pass, idle or not. */
    private volatile boolean woken;
    /** While no sale is on: the {@link System#nanoTime} before which a tick does not look again (the loop's thread). */
    private long idleUntil;

    public FlashSaleWriter(FlashSaleStore store, FlashSaleGateLifecycle gate, FlashSaleStream stream,
            FlashSaleBatchWriter batchWriter, StockWriteThrough stock, MeterRegistry registry, InventoryConfig config) {
        this.store = store;
        this.gate = gate;
        this.stream = stream;
        this.batchWriter = batchWriter;
        this.stock = stock;
        this.registry = registry;
        this.config = config.flashSale();
        this.idleNanos = this.config.writerIdleInterval().toNanos();
    }

    /**
     * Starts the writer's own thread. Not {@code @Scheduled}: Quarkus's scheduler runs nothing more often than once a
     * second, and the interval is the lag of a quiet sale. One thread, so passes never overlap in an instance; the
     * delay is counted from the end of a pass.
     */
    void start(@Observes StartupEvent event) {
        if (config.writerEnabled()) {
            loop = Executors.newSingleThreadScheduledExecutor(task -> Thread.ofPlatform().daemon()
                    .name("flash-sale-writer").unstarted(task));
            long interval = config.writerInterval().toMillis();
            loop.scheduleWithFixedDelay(() -> {
                try {
                    tick();
                } catch (RuntimeException e) {              // one failed pass must not end the thread's schedule
                    LOG.debugf(e, "Flash-sale writer pass failed");
                }
            }, interval, interval, TimeUnit.MILLISECONDS);
            LOG.infof("Flash-sale writer %s runs every %d ms", batchWriter.consumer(), interval);
        }
    }

    /** Lets a pass in progress finish its batch (an interrupted command would look like a Redis outage). */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (loop != null) {
            loop.shutdown();
            if (!loop.awaitTermination(5, TimeUnit.SECONDS)) {
                loop.shutdownNow();
            }
        }
    }

    /**
     * What the loop runs every {@code writer-interval}: a {@link #pass}, unless the last one found no sale on and
     * {@code writer-idle-interval} has not passed since, nor a sale started here ({@link #wake}). So an instance with
     * no sale asks PostgreSQL once a second, not twenty times; a sale started on another instance is found within
     * the idle interval, and its reservations wait on the stream meanwhile, written by the instance that started it.
     * Runs on the loop's one thread (the tests call it themselves).
     */
    public void tick() {
        if (!woken && System.nanoTime() - idleUntil < 0) {
            return;
        }
        woken = false;
        idleUntil = pass() ? System.nanoTime() : System.nanoTime() + idleNanos;
    }

    /** A sale started on this instance: the next tick runs a pass. */
    public void wake() {
        woken = true;
    }

    /**
     * One pass over the sales that are on (see the class comment). Failures wait for the next pass.
     *
     * @return whether any sale is on; false too when PostgreSQL did not answer, so that the writer looks again
     *         after the idle interval, not twenty times a second
     */
    public boolean pass() {
        List<FlashSale> sales;
        try {
            sales = store.activeSales();
        } catch (RuntimeException e) {
            LOG.debugf("Flash-sale writer could not reach PostgreSQL: %s", e.getMessage());
            return false;
        }
        if (sales.isEmpty()) {
            return false;
        }
        for (FlashSale sale : sales) {
            try {
                if (!sale.endsAt().isAfter(OffsetDateTime.now())) {
                    end(sale);
                } else if (Boolean.FALSE.equals(gate.present(sale))) {
                    rebuild(sale);
                    batchWriter.writeDue(sale);
                } else {
                    batchWriter.writeDue(sale);
                }
            } catch (RuntimeException e) {
                LOG.debugf(e, "Flash-sale writer stopped on %s", sale.sku());
            }
        }
        return true;
    }

    /**
     * Ends a sale: closes the gate in PostgreSQL (its {@code endsAt} becomes now, after any rebuild that holds the
     * row, and no gate is rebuilt from here on: {@link #rebuild}) and in Redis, writes what is left on the stream,
     * gives the unsold units back to the available stock, and removes the sale's keys.
     *
     * @throws ServiceUnavailable when Redis fails before the stream is written: the sale stays closed, and the next
     *                            pass finishes ending it
     */
    public Optional<StockLevel> end(FlashSale sale) {
        store.close(sale.id());
        if (!gate.close(sale.sku()) || !batchWriter.drain(sale)) {
            throw new ServiceUnavailable("The flash sale of " + sale.sku() + " is closed but its last reservations "
                    + "could not be written yet; it ends on the next attempt");
        }
        Optional<StockLevel> after = store.end(sale.id());
        after.ifPresent(stock::writeThrough);
        gate.delete(sale.sku());
        return after;
    }

    /**
     * Installs the gate of a sale whose gate Redis does not have: at its start, and after Redis lost it. The decision
     * and the install run in one transaction that holds the sale's row ({@link FlashSaleStore#lockIfOpen}), and work
     * from the row as it is then, not from {@code sale}, which was read earlier: an end on another instance commits
     * either before (the sale is closed, nothing is installed) or after (it waits, then closes the gate installed
     * here). Without the lock, a rebuild that read the sale before an end could install its gate after the end had
     * removed the keys, and reopen an ended sale whose 202s no writer would ever write.
     *
     * @return false when Redis failed (the sale stays paused; the next pass tries again); true when the gate was
     *         installed, was there, or the sale is no longer open
     */
    public boolean rebuild(FlashSale sale) {
        return QuarkusTransaction.requiringNew()
                .call(() -> store.lockIfOpen(sale.id()).map(this::install).orElse(true));
    }

    /**
     * The units left are the sale's quantity, less the units of its reservations in PostgreSQL, less the units of the
     * entries still on the stream that PostgreSQL does not have. The stream is read <i>before</i> PostgreSQL: an entry
     * written and deleted in between is then found in PostgreSQL; read the other way round, it could be missed by both
     * and its units handed out twice. No new entry can appear meanwhile: without the gate, the script accepts nothing.
     * A writer's batch that is committing now waits for the row lock, uncommitted: its entries are still on the
     * stream, and counted from there.
     */
    private boolean install(FlashSale sale) {
        List<StreamMessage<String, String, String>> unwritten = stream.unwritten(sale.sku());
        if (unwritten == null) {
            return false;
        }
        FlashSaleStore.Recorded recorded = store.recorded(sale.id());
        List<FlashSaleStore.Entry> entries = unwritten.stream().map(FlashSaleStream::entry).toList();
        Set<UUID> known = store.existing(entries.stream().map(FlashSaleStore.Entry::id).toList());
        int taken = recorded.taken();
        Map<Long, Integer> perUser = new HashMap<>(recorded.unitsPerUser());
        Map<String, String> perKey = new HashMap<>();
        List<FlashSaleStore.Entry> keyed = new ArrayList<>(recorded.withIdempotencyKey());
        for (FlashSaleStore.Entry entry : entries) {
            if (!known.contains(entry.id())) {
                taken += entry.quantity();
                perUser.merge(entry.ownerId(), entry.quantity(), Integer::sum);
                if (entry.idempotencyKey() != null) {
                    keyed.add(entry);
                }
            }
        }
        for (FlashSaleStore.Entry entry : keyed) {
            perKey.put(entry.ownerId() + ":" + entry.idempotencyKey(), entry.id() + "|" + entry.quantity() + "|"
                    + entry.createdAt() + "|" + entry.expiresAt());
        }
        Boolean installed = gate.install(sale, Math.max(0, sale.quantity() - taken), perUser, perKey);
        if (Boolean.TRUE.equals(installed)) {
            registry.counter("flash.sale.gate.rebuilds").increment();
            LOG.infof("Flash-sale gate of %s installed: %d of %d units left", sale.sku(), sale.quantity() - taken,
                    sale.quantity());
        }
        return installed != null;
    }
}
