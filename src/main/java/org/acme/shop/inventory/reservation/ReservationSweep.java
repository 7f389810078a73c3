package org.acme.shop.inventory.reservation;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import org.acme.shop.inventory.InventoryService;
import org.acme.shop.inventory.StockWriteThrough;
import org.jboss.logging.Logger;

/**
 * Gives back the units of holds that have run out ({@code inventory.reservation-hold}), every
 * {@code inventory.reservation-sweep-interval}. Every instance sweeps; {@code FOR UPDATE SKIP LOCKED} in
 * {@link InventoryService#expireOne} lets them share the work row by row instead of electing a leader, and a pass
 * never overlaps the previous one in the same instance.
 */
@ApplicationScoped
public class ReservationSweep {

    private static final Logger LOG = Logger.getLogger(ReservationSweep.class);

    /** Holds expired per pass at most: one pass stays short even after a long stop; the next takes the rest. */
    static final int MAX_PER_PASS = 500;

    static final String IDENTITY = "reservation-sweep";

    private final StockWriteThrough stock;

    public ReservationSweep(StockWriteThrough stock) {
        this.stock = stock;
    }

    /** The first pass waits one interval too: start-up has enough to do, and the holds wait for no one. */
    @Scheduled(identity = IDENTITY, every = "${inventory.reservation-sweep-interval}",
            delayed = "${inventory.reservation-sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int expired = stock.expireDue(MAX_PER_PASS);
        if (expired > 0) {
            LOG.debugf("Expired %d reservation holds", expired);
        }
    }
}
