package org.acme.shop.inventory.flashsale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.acme.shop.http.Roles;
import org.acme.shop.http.SecuritySchemes;
import org.acme.shop.http.validation.NoControlCharacters;
import org.acme.shop.inventory.InventoryResource;
import org.acme.shop.inventory.StockLevel;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * HTTP for starting and ending a sku's flash sale (admin only). Reservations in a sale go through the usual
 * {@code POST /api/inventory/{sku}/reservations} of {@link InventoryResource}, which asks {@link FlashSaleService}
 * first.
 */
@Path("/api/inventory/{sku}/flash-sale")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Inventory", description = "Stock and reservations, cached in Redis with the write-through pattern")
public class FlashSaleResource {

    private final FlashSaleService flashSales;

    public FlashSaleResource(FlashSaleService flashSales) {
        this.flashSales = flashSales;
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.BEARER, scopes = Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.COOKIE, scopes = Roles.ADMIN)
    @Operation(operationId = "startFlashSale", summary = "Start a flash sale of a sku",
            description = "Moves quantity units out of the available stock into the sale, in one PostgreSQL "
                    + "transaction, and installs the sale's gate in Redis. Until endsAt (or DELETE), reservations of "
                    + "the sku are decided in Redis by one Lua script and answered 202 Accepted; a writer brings them "
                    + "to PostgreSQL in batches (inventory.flash-sale.*). See docs/flash-sale.md.")
    @APIResponse(responseCode = "200", description = "The sale is on (or will be at startsAt)",
            content = @Content(schema = @Schema(implementation = FlashSaleView.class)))
    @APIResponse(responseCode = "400", description = "quantity, perUserLimit or endsAt missing or out of range, or "
            + "malformed JSON")
    @APIResponse(responseCode = "404", description = "No product has this sku")
    @APIResponse(responseCode = "409", description = "A sale of the sku is on already, or not enough available stock")
    public FlashSaleView start(
            @Parameter(description = "Product sku", example = "KIT-0042") @PathParam("sku") @Size(max = 64)
            @NoControlCharacters String sku,
            @NotNull @Valid FlashSaleRequest body) {
        return flashSales.start(sku, body);
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.BEARER, scopes = Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.COOKIE, scopes = Roles.ADMIN)
    @Consumes(MediaType.WILDCARD)                                     // no body: any (or no) Content-Type will do
    @Operation(operationId = "endFlashSale", summary = "End the flash sale of a sku",
            description = "Closes the gate, writes the reservations still on the stream to PostgreSQL, and gives the "
                    + "units the sale did not sell back to the available stock. Returns the stock as committed.")
    @APIResponse(responseCode = "200", description = "Ended; the stock with the unsold units back",
            content = @Content(schema = @Schema(implementation = StockLevel.class)))
    @APIResponse(responseCode = "404", description = "No flash sale of this sku is on")
    @APIResponse(responseCode = "503", description = "Redis failed before the last reservations were written; the "
            + "sale stays closed and the writer finishes ending it")
    public StockLevel end(
            @Parameter(description = "Product sku", example = "KIT-0042") @PathParam("sku") @Size(max = 64)
            @NoControlCharacters String sku) {
        return flashSales.end(sku);
    }
}
