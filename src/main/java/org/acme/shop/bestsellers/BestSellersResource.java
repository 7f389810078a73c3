package org.acme.shop.bestsellers;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.acme.shop.http.Roles;
import org.acme.shop.http.SecuritySchemes;
import org.acme.shop.http.problem.InvalidParameter;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** HTTP for the best-seller ranking: a public read, and the admin's rebuild from PostgreSQL. */
@Path("/api/products/best-sellers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Best sellers", description = "Units sold per product and UTC day, counted in Redis sorted sets and "
        + "ranked with ZUNION")
public class BestSellersResource {

    private final BestSellers bestSellers;
    private final BestSellersConfig config;

    public BestSellersResource(BestSellers bestSellers, BestSellersConfig config) {
        this.bestSellers = bestSellers;
        this.config = config;
    }

    @GET
    @PermitAll
    @Operation(operationId = "listBestSellers", summary = "Best sellers of the last days",
            description = "Products ranked by the units of their confirmed reservations over the last `days` UTC days "
                    + "(today included), every day weighing the same: one ZUNION of the daily sorted sets, then the "
                    + "names and prices from the catalog cache in one bulk read. Products deleted since are left out. "
                    + "days may be at most best-sellers.max-days. When Redis is unavailable PostgreSQL counts "
                    + "(X-Cache: BYPASS).")
    @APIResponse(responseCode = "200", description = "The ranking, most units first",
            headers = @Header(name = CacheOutcome.HEADER, description = "HIT when Redis ranked, BYPASS when PostgreSQL did",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = BestSellerList.class)))
    @APIResponse(responseCode = "400", description = "days or limit out of range")
    public Response list(
            @Parameter(description = "How many UTC days, today included: 1 to best-sellers.max-days", example = "7")
            @QueryParam("days") @DefaultValue("7") @Min(1) int days,
            @Parameter(description = "How many products, 1 to 100", example = "10")
            @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(100) int limit) {
        if (days > config.maxDays()) {
            throw new InvalidParameter("days", "must be at most " + config.maxDays() + " (best-sellers.max-days)");
        }
        Cached<BestSellerList> ranking = bestSellers.top(days, limit);
        return Response.ok(ranking.value()).header(CacheOutcome.HEADER, ranking.outcome()).build();
    }

    @POST
    @Path("rebuild")
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.BEARER, scopes = Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.COOKIE, scopes = Roles.ADMIN)
    @Consumes(MediaType.WILDCARD)                                     // no body: any (or no) Content-Type will do
    @Operation(operationId = "rebuildBestSellers", summary = "Rebuild the best sellers from PostgreSQL",
            description = "Rewrites the daily sorted sets of the last best-sellers.max-days days from the confirmed "
                    + "reservations, in one MULTI. For when Redis lost them; start-up does the same when none exists.")
    @APIResponse(responseCode = "200", description = "Rebuilt",
            content = @Content(schema = @Schema(implementation = RebuildReport.class)))
    @APIResponse(responseCode = "409", description = "Another instance is rebuilding right now")
    @APIResponse(responseCode = "503", description = "Redis is unavailable")
    public RebuildReport rebuild() {
        return bestSellers.rebuild();
    }
}
