package org.acme.shop.brand;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.acme.shop.http.EntityTags;
import org.acme.shop.http.problem.Problem;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** HTTP for brands: it asks {@link BrandCache} and nothing else. */
@Path("/api/brands")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Brands", description = "The brands of the catalog, cached in Redis with the read-through pattern")
@PermitAll
public class BrandResource {

    /** What the V8 migration's check allows, and what keeps a slug from adding segments to its Redis key. */
    static final String SLUG = "[a-z0-9]+(-[a-z0-9]+)*";

    private final BrandCache brands;

    public BrandResource(BrandCache brands) {
        this.brands = brands;
    }

    @GET
    @Operation(operationId = "listBrands", summary = "List the brands, by name",
            description = "Read-through: the cache loads the list on a miss and keeps it for brand.cache-ttl.")
    @APIResponse(responseCode = "200", description = "Every brand",
            headers = @Header(name = CacheOutcome.HEADER, description = "HIT, MISS or BYPASS",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = BrandView.class)))
    public Response list(@Parameter(description = EntityTags.IF_NONE_MATCH_DESCRIPTION)
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return ok(brands.all(), ifNoneMatch);
    }

    @GET
    @Path("{slug}")
    @Operation(operationId = "getBrand", summary = "Get one brand",
            description = "Read-through: the cache loads the brand on a miss and keeps it for brand.cache-ttl. An unknown "
                    + "slug is not cached.")
    @APIResponse(responseCode = "200", description = "The brand",
            headers = @Header(name = CacheOutcome.HEADER, description = "HIT, MISS or BYPASS",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = BrandView.class)))
    @APIResponse(responseCode = "400", description = "Not a slug")
    @APIResponse(responseCode = "404", description = "No brand has this slug")
    public Response get(@Parameter(description = "The brand's slug", example = "barista")
            @PathParam("slug") @Size(max = 64) @Pattern(regexp = SLUG, message = "lower-case letters, digits and '-' only")
            String slug,
            @Parameter(description = EntityTags.IF_NONE_MATCH_DESCRIPTION)
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Cached<String> read = brands.find(slug);
        if (!read.found()) {
            return Problem.of(Response.Status.NOT_FOUND, "No brand with slug " + slug).toResponseBuilder()
                    .header(CacheOutcome.HEADER, read.outcome()).build();
        }
        return ok(read, ifNoneMatch);
    }

    /** A brand or the list as the cache holds it: 200 with its ETag, or 304 when the client's copy is current. */
    private static Response ok(Cached<String> read, String ifNoneMatch) {
        return EntityTags.answer(read.value(), MediaType.APPLICATION_JSON, ifNoneMatch)
                .header(CacheOutcome.HEADER, read.outcome()).build().toResponse();
    }
}
