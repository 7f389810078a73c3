package org.acme.shop.featured;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.acme.shop.catalog.ProductView;
import org.acme.shop.http.Roles;
import org.acme.shop.http.SecuritySchemes;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** HTTP for the featured products: reads through {@link FeaturedCache}, the admin's list through {@link FeaturedService}. */
@Path("/api/products/featured")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Featured products", description = "A curated list of products, cached in Redis and refreshed ahead of its expiry")
public class FeaturedResource {

    private final FeaturedCache cache;
    private final FeaturedService featured;

    public FeaturedResource(FeaturedCache cache, FeaturedService featured) {
        this.cache = cache;
        this.featured = featured;
    }

    @GET
    @PermitAll
    @Operation(operationId = "listFeaturedProducts", summary = "The featured products",
            description = "The admin's list, or the newest products (featured.size) while there is none. Refresh-ahead: "
                    + "once the cached list is older than featured.refresh-after, a read answers it at once and one "
                    + "refresh runs in the background; a read waits for PostgreSQL only when the list is not cached.")
    @APIResponse(responseCode = "200", description = "The products, in the order they are featured",
            headers = @Header(name = CacheOutcome.HEADER, description = "HIT, MISS or BYPASS",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ProductView.class)))
    public Response list() {
        Cached<String> read = cache.get();
        return Response.ok(read.value(), MediaType.APPLICATION_JSON).header(CacheOutcome.HEADER, read.outcome()).build();
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.BEARER, scopes = Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.COOKIE, scopes = Roles.ADMIN)
    @Operation(operationId = "replaceFeaturedProducts", summary = "Set the featured products",
            description = "Writes the list to PostgreSQL; once committed, the cached list is deleted, so the next read "
                    + "loads the new one. An empty list features the newest products again.")
    @APIResponse(responseCode = "204", description = "Set")
    @APIResponse(responseCode = "400", description = "Invalid, unknown or repeated product ids")
    @APIResponse(responseCode = "409", description = "The list or one of its products changed meanwhile")
    public void replace(@NotNull @Valid FeaturedRequest body) {
        featured.replace(body.productIds());
    }
}
