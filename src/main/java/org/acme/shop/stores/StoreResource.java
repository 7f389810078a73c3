package org.acme.shop.stores;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.acme.shop.http.problem.InvalidParameter;
import org.acme.shop.http.validation.NoControlCharacters;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** HTTP for the store search. */
@Path("/api/stores")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Stores", description = "The shop's physical stores, found by distance with Redis GEO")
public class StoreResource {

    /**
     * The latitudes Redis GEO can index (the Web Mercator limit): a point nearer a pole is refused with a 400 rather
     * than clamped, since a clamped point is another place.
     */
    static final String MAX_LATITUDE = "85.05112878";

    private final StoreLocator locator;
    private final StoresConfig config;

    public StoreResource(StoreLocator locator, StoresConfig config) {
        this.locator = locator;
        this.config = config;
    }

    @GET
    @PermitAll
    @Path("near")
    @Operation(operationId = "findStoresNear", summary = "Stores near a point",
            description = "The stores within km of the point, nearest first (at most stores.max-results): one "
                    + "GEOSEARCH … BYRADIUS … ASC on the GEO key that mirrors the store table, rebuilt when missing "
                    + "(X-Cache: MISS). With sku, each store's units of it on its shelves, read from PostgreSQL. When "
                    + "Redis is unavailable PostgreSQL's rows are measured in the service (BYPASS).")
    @APIResponse(responseCode = "200", description = "The stores, nearest first",
            headers = @Header(name = CacheOutcome.HEADER, description = "HIT, MISS (the GEO key was rebuilt) or BYPASS",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = StoresNearby.class)))
    @APIResponse(responseCode = "400", description = "lat, lon or km missing or out of range, or sku too long")
    public Response near(
            @Parameter(description = "Latitude in degrees, -85.05112878 to 85.05112878 (the range of Redis GEO)",
                    example = "52.52")
            @QueryParam("lat") @NotNull @DecimalMin("-" + MAX_LATITUDE) @DecimalMax(MAX_LATITUDE) Double lat,
            @Parameter(description = "Longitude in degrees, -180 to 180", example = "13.405")
            @QueryParam("lon") @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon,
            @Parameter(description = "Radius in km, above 0 and at most stores.max-radius-km", example = "300")
            @QueryParam("km") @NotNull @DecimalMin(value = "0", inclusive = false) Double km,
            @Parameter(description = "A product sku: each store's units of it", example = "KIT-0001")
            @QueryParam("sku") @Size(min = 1, max = 64) @NoControlCharacters String sku) {
        if (km > config.maxRadiusKm()) {
            throw new InvalidParameter("km", "must be at most " + config.maxRadiusKm() + " (stores.max-radius-km)");
        }
        Cached<StoresNearby> found = locator.near(lat, lon, km, sku);
        return Response.ok(found.value()).header(CacheOutcome.HEADER, found.outcome()).build();
    }
}
