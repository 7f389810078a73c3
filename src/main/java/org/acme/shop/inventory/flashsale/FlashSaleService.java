package org.acme.shop.inventory.flashsale;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.acme.shop.http.problem.Conflict;
import org.acme.shop.http.problem.InvalidParameter;
import org.acme.shop.http.problem.NotFound;
import org.acme.shop.http.problem.ServiceUnavailable;
import org.acme.shop.inventory.InventoryConfig;
import org.acme.shop.inventory.StockLevel;
import org.acme.shop.inventory.StockWriteThrough;
import org.acme.shop.inventory.flashsale.writer.FlashSaleWriter;
import org.acme.shop.inventory.reservation.Reservation;
import org.acme.shop.inventory.reservation.ReservationView;

/**
 * The <b>flash-sale mode</b> of a sku: while a sale is on, a reservation is decided by the gate in Redis
 * ({@link FlashSaleGate}) and answered at once; {@link FlashSaleWriter} writes it to PostgreSQL behind. Starting and
 * ending a sale move units between PostgreSQL's available stock and the sale in one transaction each
 * ({@link FlashSaleStore}), so PostgreSQL stays the truth of where every unit is.
 * <p>
 * Without Redis, or while the gate is being rebuilt after Redis lost it, a sale that is on answers {@code 503}: a
 * reservation is never decided without the gate, and PostgreSQL alone cannot decide it (its stock for the sale is not
 * in {@code available}).
 */
@ApplicationScoped
@Transactional(TxType.NEVER)
public class FlashSaleService {

    /** Idempotency keys as clients send them (a UUID, a ULID, an order number): up to 64 of these characters. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** The longest sale: its keys' TTL derives from its end, and a forgotten sale must not hold stock for months. */
    static final Duration LONGEST_SALE = Duration.ofDays(7);

    /** How long the set of skus on sale is used before it is read again (see {@link #saleOn}). */
    static final Duration SALES_REFRESH = Duration.ofSeconds(1);

    /**
     * A reservation made: {@code durable} when PostgreSQL has it (the normal mode, or a replayed key the writer has
     * written: {@code 201}), not when only the gate in Redis has it ({@code 202}).
     */
    public record Reserved(ReservationView reservation, boolean durable) {
    }

    private final FlashSaleStore store;
    private final FlashSaleGate gate;
    private final FlashSaleGateLifecycle gates;
    private final FlashSaleWriter writer;
    private final StockWriteThrough stock;
    private final MeterRegistry registry;
    private final InventoryConfig config;
    private volatile Set<String> skusOnSale = Set.of();
    private volatile long salesReadAt = System.nanoTime() - SALES_REFRESH.toNanos() - 1;

    public FlashSaleService(FlashSaleStore store, FlashSaleGate gate, FlashSaleGateLifecycle gates,
            FlashSaleWriter writer, StockWriteThrough stock, MeterRegistry registry, InventoryConfig config) {
        this.store = store;
        this.gate = gate;
        this.gates = gates;
        this.writer = writer;
        this.stock = stock;
        this.registry = registry;
        this.config = config;
        for (String result : List.of("accepted", "replayed", "sold-out", "over-limit", "not-open", "paused")) {
            registry.counter("flash.sale.reservations", "result", result);      // listed at 0 before the first
        }
    }

    /**
     * Starts a sale: the units leave the available stock in the transaction that records the sale, then the gate is
     * installed. When Redis fails at that moment the sale is on and paused: the writer's next pass installs the gate.
     */
    public FlashSaleView start(String sku, FlashSaleRequest request) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime startsAt = request.startsAt() == null ? now : request.startsAt();
        if (!request.endsAt().isAfter(startsAt) || !request.endsAt().isAfter(now)) {
            throw new InvalidParameter("endsAt", "must be after startsAt and in the future");
        }
        if (request.endsAt().isAfter(now.plus(LONGEST_SALE))) {
            throw new InvalidParameter("endsAt", "must be within 7 days");
        }
        FlashSaleStore.Started started = store.start(sku, request.quantity(), request.perUserLimit(), startsAt,
                request.endsAt());
        stock.writeThrough(started.stock());
        salesReadAt = System.nanoTime() - SALES_REFRESH.toNanos() - 1;         // this instance knows at once
        writer.rebuild(started.sale());
        writer.wake();                                                        // its writer starts at once
        FlashSale sale = started.sale();
        return new FlashSaleView(!now.isBefore(startsAt), sale.quantity(), sale.quantity(), sale.perUserLimit(),
                sale.startsAt(), sale.endsAt());
    }

    /** Ends the sku's sale now (see {@link FlashSaleWriter#end}) and returns the stock with its unsold units back. */
    public StockLevel end(String sku) {
        FlashSale sale = store.active(sku).orElseThrow(() -> new NotFound("No flash sale of " + sku + " is on"));
        StockLevel after = writer.end(sale).orElseGet(() -> stock.find(sku).value());
        salesReadAt = System.nanoTime() - SALES_REFRESH.toNanos() - 1;
        return after;
    }

    /** The sale as the gate in Redis holds it, or {@code null}: one Redis read, no SQL. */
    public FlashSaleView state(String sku) {
        return gates.state(sku);
    }

    /**
     * Reserves units of a sku: through the gate while a sale of it is on, else in the normal mode
     * ({@link StockWriteThrough#reserve}). The gate is asked without blocking: a flash-sale reservation waits for its
     * one round trip on the event loop and never occupies a worker thread, which on a small machine is what a hot
     * sale is short of. Only what needs PostgreSQL moves to a worker thread: the normal mode, the check that no sale
     * is on when the gate is missing ({@link #saleOn}), and the read of a replayed reservation.
     *
     * @return fails with {@link Conflict} (sold out, over the per-user limit, outside the window; short stock in the
     *         normal mode), or {@link ServiceUnavailable} when the sale is on but Redis fails or has lost the gate
     */
    public Uni<Reserved> reserve(String sku, int quantity, long ownerId, String idempotencyKey) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            return Uni.createFrom().failure(new InvalidParameter("Idempotency-Key",
                    "must be 1 to 64 letters, digits or . _ : -"));
        }
        if (quantity > config.reservationMaxQuantity()) {          // in both modes, before Redis or PostgreSQL
            return Uni.createFrom().failure(new InvalidParameter("quantity",
                    "must be at most " + config.reservationMaxQuantity() + " (inventory.reservation-max-quantity)"));
        }
        UUID id = UUID.randomUUID();
        OffsetDateTime createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime expiresAt = createdAt.plus(config.reservationHold());
        return gate.reserve(sku, ownerId, quantity, idempotencyKey, id, createdAt, expiresAt).chain(verdict -> {
            if (verdict == null || verdict.outcome() == FlashSaleGate.Outcome.NOGATE) {
                return onWorker(() -> {
                    if (!saleOn(sku)) {                        // no sale: the normal mode decides in PostgreSQL
                        return new Reserved(stock.reserve(sku, quantity, ownerId), true);
                    }
                    count("paused");
                    throw new ServiceUnavailable("The flash sale of " + sku + " is paused while its gate is "
                            + "restored; try again shortly");
                });
            }
            return switch (verdict.outcome()) {
                case OK -> {
                    count("accepted");
                    yield Uni.createFrom().item(new Reserved(held(id, sku, quantity, createdAt, expiresAt), false));
                }
                case REPLAY -> {
                    count("replayed");
                    yield onWorker(() -> replay(sku, verdict.detail()));
                }
                case SOLDOUT -> {
                    count("sold-out");
                    yield Uni.createFrom().failure(new Conflict("Not enough stock of " + sku + " to reserve "
                            + quantity + ": " + verdict.detail() + " left in the flash sale"));
                }
                case LIMIT -> {
                    count("over-limit");
                    yield Uni.createFrom().failure(new Conflict("The flash sale of " + sku + " allows you "
                            + verdict.detail() + " more"));
                }
                case NOTSTARTED, ENDED -> {
                    count("not-open");
                    yield Uni.createFrom().failure(new Conflict("The flash sale of " + sku + " is not open"));
                }
                case NOGATE -> throw new IllegalStateException("handled above");
            };
        });
    }

    /** Blocking work (PostgreSQL) of a reservation, moved off the event loop to a worker thread. */
    private static <T> Uni<T> onWorker(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * Whether PostgreSQL has a sale of the sku on, asked only when the gate is missing or Redis failed: that is every
     * reservation of the normal mode, so the answer comes from the set of skus on sale, read in one query at most
     * once per {@link #SALES_REFRESH} (a query per reservation would hold a second connection while the reservation
     * waits for its row lock). A sale started by another instance within that second and whose gate is already lost
     * is seen as off: its reservations take the normal mode, which can only sell {@code available}, never the sale's
     * units.
     */
    private boolean saleOn(String sku) {
        long now = System.nanoTime();
        if (now - salesReadAt > SALES_REFRESH.toNanos()) {
            skusOnSale = store.activeSales().stream().map(FlashSale::sku).collect(Collectors.toUnmodifiableSet());
            salesReadAt = now;
        }
        return skusOnSale.contains(sku);
    }

    /** The reservation first accepted for this key: from PostgreSQL once written (201), else as accepted (202). */
    private Reserved replay(String sku, String accepted) {
        String[] parts = accepted.split("\\|");
        UUID id = UUID.fromString(parts[0]);
        return store.reservation(id).map(written -> new Reserved(written, true))
                .orElseGet(() -> new Reserved(held(id, sku, Integer.parseInt(parts[1]), OffsetDateTime.parse(parts[2]),
                        OffsetDateTime.parse(parts[3])), false));
    }

    private static ReservationView held(UUID id, String sku, int quantity, OffsetDateTime createdAt,
            OffsetDateTime expiresAt) {
        return new ReservationView(id, sku, quantity, Reservation.Status.HELD, createdAt, expiresAt, null, null);
    }

    private void count(String result) {
        registry.counter("flash.sale.reservations", "result", result).increment();
    }
}
