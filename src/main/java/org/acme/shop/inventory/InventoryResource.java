package org.acme.shop.inventory;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.acme.shop.http.Roles;
import org.acme.shop.http.SecuritySchemes;
import org.acme.shop.http.validation.NoControlCharacters;
import org.acme.shop.inventory.flashsale.FlashSaleService;
import org.acme.shop.inventory.reservation.Reservation;
import org.acme.shop.inventory.reservation.ReservationPage;
import org.acme.shop.inventory.reservation.ReservationRequest;
import org.acme.shop.inventory.reservation.ReservationView;
import org.acme.shop.session.CurrentUser;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * HTTP for stock and reservations. Every method but one blocks (PostgreSQL is on every write path), so Quarkus runs
 * them on worker threads. The exception is {@link #reserve}: it returns a {@code Uni} and runs on the event loop, so
 * that a flash-sale reservation, decided by one Lua script in Redis, never waits on a worker thread; its PostgreSQL
 * work (the normal mode) moves to a worker inside {@link FlashSaleService#reserve}.
 */
@Path("/api/inventory")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Inventory", description = "Stock and reservations, cached in Redis with the write-through pattern")
public class InventoryResource {

    private final StockWriteThrough stock;
    private final InventoryService inventory;
    private final CurrentUser caller;
    private final FlashSaleService flashSales;

    public InventoryResource(StockWriteThrough stock, InventoryService inventory, CurrentUser caller,
            FlashSaleService flashSales) {
        this.stock = stock;
        this.inventory = inventory;
        this.caller = caller;
        this.flashSales = flashSales;
    }

    @GET
    @PermitAll
    @Path("{sku}")
    @Operation(operationId = "getStock", summary = "Get the stock of a sku",
            description = "Served from the Redis HASH shop:inventory:stock:{sku} (X-Cache: HIT). On a miss the row is "
                    + "loaded from PostgreSQL and written to Redis through the version guard (MISS); when Redis is "
                    + "unavailable PostgreSQL answers (BYPASS). A product whose stock was never set has 0 units, "
                    + "version 0. While a flash sale of the sku has its gate in Redis, flashSale shows it (one more "
                    + "Redis read, no SQL).")
    @APIResponse(responseCode = "200", description = "The stock",
            headers = @Header(name = CacheOutcome.HEADER, description = "HIT, MISS or BYPASS", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = StockView.class)))
    @APIResponse(responseCode = "404", description = "No product has this sku")
    public Response get(
            @Parameter(description = "Product sku", example = "KIT-0042") @PathParam("sku") @Size(max = 64)
            @NoControlCharacters String sku) {
        Cached<StockLevel> read = stock.find(sku);
        return Response.ok(StockView.of(read.value(), flashSales.state(sku)))
                .header(CacheOutcome.HEADER, read.outcome()).build();
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.BEARER, scopes = Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.COOKIE, scopes = Roles.ADMIN)
    @Path("{sku}")
    @Operation(operationId = "setStock", summary = "Set the available quantity of a sku",
            description = "A restock or a correction. Commits to PostgreSQL (the first call for a product's sku creates "
                    + "its stock), adds one to the version, then writes the new row to Redis before answering.")
    @APIResponse(responseCode = "200", description = "The stock as committed",
            content = @Content(schema = @Schema(implementation = StockLevel.class)))
    @APIResponse(responseCode = "400", description = "available missing or outside 0..1,000,000, or malformed JSON")
    @APIResponse(responseCode = "404", description = "No product has this sku")
    public StockLevel setAvailable(
            @Parameter(description = "Product sku", example = "KIT-0042") @PathParam("sku") @Size(max = 64)
            @NoControlCharacters String sku,
            @NotNull @Valid StockRequest body) {
        return stock.setAvailable(sku, body.available());
    }

    @POST
    @Authenticated
    @SecurityRequirement(name = SecuritySchemes.BEARER)
    @SecurityRequirement(name = SecuritySchemes.COOKIE)
    @Path("{sku}/reservations")
    @Operation(operationId = "reserveStock", summary = "Reserve units of a sku",
            description = "Holds the units for the signed-in user until expiresAt (inventory.reservation-hold). One "
                    + "conditional UPDATE in PostgreSQL takes the units only if enough are available, so concurrent "
                    + "buyers can never oversell. The new stock row is then written to Redis. While a flash sale of "
                    + "the sku is on, one Lua script in Redis decides instead and the answer is 202: the reservation "
                    + "reaches PostgreSQL shortly after (docs/flash-sale.md); a repeated Idempotency-Key returns the "
                    + "first reservation, 201 once PostgreSQL has it.")
    @APIResponse(responseCode = "201", description = "Held; Location names the reservation",
            content = @Content(schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "202", description = "Flash sale: held by the gate in Redis, not yet in PostgreSQL, "
            + "and on the disk of Redis when its state role runs appendfsync always, as the deployment files do "
            + "(docs/flash-sale.md); Location names the reservation, readable once written",
            content = @Content(schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "503", description = "Flash sale: Redis is unavailable or its gate is being restored; "
            + "Retry-After says when to try again")
    @APIResponse(responseCode = "400", description = "quantity missing, below 1 or over "
            + "inventory.reservation-max-quantity (100), or malformed JSON")
    @APIResponse(responseCode = "404", description = "No product has this sku")
    @APIResponse(responseCode = "409", description = "Not enough stock, or the caller would hold more of the sku than "
            + "inventory.reservation-max-held-per-sku (100), or of all skus than inventory.reservation-max-held-total "
            + "(300); in a flash sale instead over the per-user limit, or "
            + "outside the sale's window")
    public Uni<Response> reserve(
            @Parameter(description = "Product sku", example = "KIT-0042") @PathParam("sku") @Size(max = 64)
            @NoControlCharacters String sku,
            @NotNull @Valid ReservationRequest body,
            @Parameter(description = "Flash sale only: a retry with the same key returns the first reservation; 1 to 64 "
                    + "letters, digits or . _ : -", example = "order-7f3c2a")
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return flashSales.reserve(sku, body.quantity(), caller.id(), idempotencyKey)
                .map(reserved -> Response.status(reserved.durable() ? Response.Status.CREATED : Response.Status.ACCEPTED)
                        .location(URI.create("/api/inventory/reservations/" + reserved.reservation().id()))
                        .entity(reserved.reservation()).build());
    }

    @GET
    @Authenticated
    @SecurityRequirement(name = SecuritySchemes.BEARER)
    @SecurityRequirement(name = SecuritySchemes.COOKIE)
    @Path("reservations")
    @Operation(operationId = "listMyReservations", summary = "My reservations", description = "The signed-in user's own reservations, newest first, in "
            + "every status. Read from PostgreSQL; reservations are not cached.")
    @APIResponse(responseCode = "200", description = "A page of reservations",
            content = @Content(schema = @Schema(implementation = ReservationPage.class)))
    @APIResponse(responseCode = "400", description = "page or size out of range")
    public ReservationPage reservations(
            @Parameter(description = "Zero-based page number", example = "0")
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @Parameter(description = "Reservations per page, 1 to 100", example = "20")
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return inventory.reservations(caller.id(), page, size);
    }

    @GET
    @Authenticated
    @SecurityRequirement(name = SecuritySchemes.BEARER)
    @SecurityRequirement(name = SecuritySchemes.COOKIE)
    @Path("reservations/{id}")
    @Operation(operationId = "getReservation", summary = "Get one reservation", description = "Its owner's or an admin's; anyone else is told it "
            + "does not exist. Read from PostgreSQL; reservations are not cached.")
    @APIResponse(responseCode = "200", description = "The reservation",
            content = @Content(schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "404", description = "No reservation of yours has this id")
    public ReservationView reservation(
            @Parameter(description = "Reservation id", example = "3f2b6c1e-8d4a-4f7e-9a51-0c6d2e8b7f10")
            @PathParam("id") UUID id) {
        return inventory.reservation(id, callerAsOwner());
    }

    @POST
    @Authenticated
    @SecurityRequirement(name = SecuritySchemes.BEARER)
    @SecurityRequirement(name = SecuritySchemes.COOKIE)
    @Path("reservations/{id}/confirm")
    @Consumes(MediaType.WILDCARD)                                     // no body: any (or no) Content-Type will do
    @Operation(operationId = "confirmReservation", summary = "Confirm a reservation",
            description = "Turns the hold into a sale before expiresAt: the units leave reserved for good, and the new "
                    + "stock row is written to Redis. Confirming a confirmed reservation returns it unchanged.")
    @APIResponse(responseCode = "200", description = "Confirmed (now or before)",
            content = @Content(schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "404", description = "No reservation of yours has this id")
    @APIResponse(responseCode = "409", description = "It was cancelled or has expired")
    public ReservationView confirm(
            @Parameter(description = "Reservation id", example = "3f2b6c1e-8d4a-4f7e-9a51-0c6d2e8b7f10")
            @PathParam("id") UUID id) {
        return stock.confirm(id, callerAsOwner());
    }

    @DELETE
    @Authenticated
    @SecurityRequirement(name = SecuritySchemes.BEARER)
    @SecurityRequirement(name = SecuritySchemes.COOKIE)
    @Path("reservations/{id}")
    @Operation(operationId = "cancelReservation", summary = "Cancel a reservation",
            description = "Gives a held reservation's units back to available stock and writes the new row to Redis. "
                    + "Cancelling one that is already cancelled or expired is not an error and returns nothing a "
                    + "second time.")
    @APIResponse(responseCode = "204", description = "Cancelled (now or before), or expired")
    @APIResponse(responseCode = "404", description = "No reservation of yours has this id")
    @APIResponse(responseCode = "409", description = "It is confirmed: sold units are not given back")
    public void cancel(
            @Parameter(description = "Reservation id", example = "3f2b6c1e-8d4a-4f7e-9a51-0c6d2e8b7f10")
            @PathParam("id") UUID id) {
        stock.cancel(id, callerAsOwner());
    }

    private InventoryService.Caller callerAsOwner() {
        return new InventoryService.Caller(caller.id(), caller.isAdmin());
    }
}
