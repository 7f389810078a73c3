package org.acme.shop.inventory;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.acme.shop.inventory.flashsale.FlashSaleConfig;

/** Settings of the inventory area ({@code inventory.*}). */
@ConfigMapping(prefix = "inventory")
public interface InventoryConfig {

    Cache cache();

    FlashSaleConfig flashSale();

    /**
     * How long a new reservation holds its units before the sweep gives them back, shown as {@code expiresAt}.
     * Default {@code 15m}: long enough to pay, short enough that an abandoned checkout does not keep stock off sale
     * for long.
     */
    @WithDefault("15m")
    Duration reservationHold();

    /**
     * How often the sweep looks for expired holds. Default {@code 30s}: a unit comes back to sale at most this long
     * after its hold ended; the search is one indexed query when nothing has expired.
     */
    @WithDefault("30s")
    Duration reservationSweepInterval();

    /**
     * Units one reservation may take at most; more is a {@code 400} that names {@code quantity}. Default {@code 100}:
     * more than a household buys of one item; an order beyond it is a wholesale one, not a checkout. Applies to
     * flash-sale reservations too, beside the sale's own per-user limit.
     */
    @WithDefault("100")
    int reservationMaxQuantity();

    /**
     * Units of one sku one customer may hold in reservations at once ({@code HELD}, not yet confirmed); a reservation
     * beyond it is a {@code 409}. Default {@code 100}: without it, one account could take a sku off sale by holding all
     * of it, renewing the hold every {@code reservation-hold}. A flash sale has its own limit per user instead.
     * {@code 0} turns the cap off (no query), as the benchmark does, whose one customer holds thousands of units.
     */
    @WithDefault("100")
    int reservationMaxHeldPerSku();

    /**
     * Units one customer may hold in reservations at once over all skus; a reservation beyond it is a {@code 409}.
     * Default {@code 300}: three skus at the per-sku cap. Without it, one account could hold the per-sku cap of every
     * sku of the catalog. {@code 0} turns the cap off (no lock, no query), as the benchmark does.
     */
    @WithDefault("300")
    int reservationMaxHeldTotal();

    interface Cache {

        /**
         * TTL of a cached stock row, restarted by every write. Default {@code 1h}. Write-through and the outbox keep the
         * copy current; the TTL bounds how long it can stay wrong when neither can (a change made directly in the
         * database, a write Redis lost after acknowledging it), and lets the rows of skus nobody touches leave
         * memory. No jitter: stock keys are written whenever stock moves, so their expiries are already spread.
         */
        @WithDefault("1h")
        Duration stockTtl();
    }
}
