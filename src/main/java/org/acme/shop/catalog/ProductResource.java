package org.acme.shop.catalog;

import java.net.URI;
import java.util.List;
import java.util.StringJoiner;

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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import org.acme.shop.cache.CacheOutcome;
import org.acme.shop.cache.Cached;
import org.acme.shop.cache.JsonCodec;
import org.acme.shop.catalog.cache.ProductBulkCache;
import org.acme.shop.catalog.cache.ProductCache;
import org.acme.shop.catalog.listing.CategoryResource;
import org.acme.shop.catalog.listing.ListingCache;
import org.acme.shop.http.EntityTags;
import org.acme.shop.http.Roles;
import org.acme.shop.http.SecuritySchemes;
import org.acme.shop.http.problem.InvalidParameter;
import org.acme.shop.http.problem.Problem;
import org.acme.shop.http.validation.NoControlCharacters;
import org.acme.shop.views.ViewCounter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestResponse.ResponseBuilder;

/**
 * HTTP for products: reads go through the caches, writes through {@link ProductService}. Like every resource of the
 * service, its methods block and Quarkus runs them on worker threads, except {@link #get}: it answers a product held
 * in the near cache (L1, this instance's memory) or in Redis on the event loop, and moves to a worker thread only to
 * read PostgreSQL.
 */
@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Products", description = ProductResource.TAG_DESCRIPTION)
public class ProductResource {

    /** Shared with {@link CategoryResource}, which lists its operation under the same tag. */
    public static final String TAG_DESCRIPTION = "The catalog, cached in Redis with the cache-aside pattern";
    /** Bulk read: how many of the ids Redis answered, and how many were loaded from PostgreSQL. */
    static final String BULK_HITS_HEADER = "X-Cache-Hits";
    static final String BULK_MISSES_HEADER = "X-Cache-Misses";

    private final ProductCache cache;
    private final ProductBulkCache bulkReads;
    private final ListingCache listings;
    private final ProductService products;
    private final ViewCounter views;
    private final JsonCodec json;

    public ProductResource(ProductCache cache, ProductBulkCache bulkReads, ListingCache listings,
            ProductService products, ViewCounter views, JsonCodec json) {
        this.cache = cache;
        this.bulkReads = bulkReads;
        this.listings = listings;
        this.products = products;
        this.views = views;
        this.json = json;
    }

    @GET
    @PermitAll
    @Operation(operationId = "listProducts", summary = "List products, newest first",
            description = "One page of the catalog, optionally filtered by category (case-insensitive). Pages are cached "
                    + "under versioned keys (catalog.cache.listing-ttl); any product write makes the next listing fresh. "
                    + "Only the sizes of catalog.cache.listing-page-sizes and pages up to catalog.cache.listing-max-page "
                    + "are cached, and only for categories that have a product; others are served from PostgreSQL "
                    + "(X-Cache: BYPASS).")
    @APIResponse(responseCode = "200", description = "A page of products; with ids, the products of those ids",
            headers = {
                @Header(name = CacheOutcome.HEADER, description = "HIT, MISS or BYPASS; with ids: HIT when every id was "
                        + "a hit, BYPASS when Redis was not used, MISS otherwise", schema = @Schema(type = SchemaType.STRING)),
                @Header(name = BULK_HITS_HEADER, description = "With ids: how many ids Redis answered",
                        schema = @Schema(type = SchemaType.INTEGER)),
                @Header(name = BULK_MISSES_HEADER, description = "With ids: how many ids were loaded from PostgreSQL",
                        schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(schema = @Schema(oneOf = {ProductPage.class, ProductBatch.class})))
    @APIResponse(responseCode = "400", description = "page or size out of range, or ids not a list of 1 to 100 ids")
    public RestResponse<String> list(
            @Parameter(description = "Bulk read: up to 100 product ids, separated by commas. One MGET for all, one SQL "
                    + "query for the misses, one pipeline to store them; the answer lists the products in this order "
                    + "and the ids not found under missing. page, size and category do not apply.", example = "1,2,3")
            @QueryParam("ids") String ids,
            @Parameter(description = "Only products of this category", example = "Kitchen")
            @QueryParam("category") @Size(min = 1, max = 100) @NoControlCharacters String category,
            @Parameter(description = "Zero-based page number", example = "0")
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @Parameter(description = "Products per page, 1 to 100", example = "20")
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
            @Parameter(description = EntityTags.IF_NONE_MATCH_DESCRIPTION)
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        if (ids != null) {
            return bulk(ProductIds.parse(ids), ifNoneMatch);
        }
        return ok(listings.page(category, page, size), ifNoneMatch);
    }

    /** The bulk read: the cached bodies joined as they are, so a hit is never parsed and written again. */
    private RestResponse<String> bulk(List<Long> ids, String ifNoneMatch) {
        List<Cached<String>> reads = bulkReads.findAll(ids);
        StringJoiner items = new StringJoiner(",", "{\"items\":[", "],");
        StringJoiner missing = new StringJoiner(",", "\"missing\":[", "]}");
        int hits = 0;
        int misses = 0;
        boolean bypass = false;
        for (int i = 0; i < ids.size(); i++) {
            Cached<String> read = reads.get(i);
            if (read.found()) {
                items.add(read.value());
            } else {
                missing.add(Long.toString(ids.get(i)));
            }
            switch (read.outcome()) {
                case HIT -> hits++;
                case MISS -> misses++;
                case BYPASS -> bypass = true;
            }
        }
        CacheOutcome outcome = bypass ? CacheOutcome.BYPASS : misses == 0 ? CacheOutcome.HIT : CacheOutcome.MISS;
        return EntityTags.answer(items + missing.toString(), MediaType.APPLICATION_JSON, ifNoneMatch)
                .header(CacheOutcome.HEADER, outcome)
                .header(BULK_HITS_HEADER, hits)
                .header(BULK_MISSES_HEADER, bypass ? ids.size() : misses)
                .build();
    }

    @GET
    @PermitAll
    @Path("{id}")
    @Operation(operationId = "getProduct", summary = "Get one product",
            description = "Cache-aside: served from Redis when cached (X-Cache: HIT), otherwise loaded from PostgreSQL and "
                    + "cached (MISS, for catalog.cache.product-ttl). When Redis is unavailable PostgreSQL answers "
                    + "(BYPASS). Unknown ids are cached briefly as tombstones (catalog.cache.tombstone-ttl). A product "
                    + "read from Redis is then held in the instance's memory, kept coherent by Redis's invalidation "
                    + "pushes (X-Cache: L1; catalog.cache.near.enabled). A product found counts one view "
                    + "(GET /api/products/{id}/stats), written behind without delaying this answer.")
    @APIResponse(responseCode = "200", description = "The product",
            headers = @Header(name = CacheOutcome.HEADER, description = "L1, HIT, MISS or BYPASS", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = ProductView.class)))
    @APIResponse(responseCode = "400", description = "id is not a product id (a whole number from 1)")
    @APIResponse(responseCode = "404", description = "No product has this id")
    public Uni<RestResponse<String>> get(
            @Parameter(description = "Product id, from 1", example = "42") @PathParam("id") long id,
            @Parameter(description = EntityTags.IF_NONE_MATCH_DESCRIPTION)
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @Context HttpServerRequest request) {
        // No id below 1 exists: refused before the cache, which would store a tombstone for each one. A plain check,
        // not @Min, which would put Bean Validation's interceptor on every read of the hottest path.
        if (id < 1) {
            throw new InvalidParameter("id", "must be a product id (a whole number from 1)");
        }
        Cached<String> held = cache.findInNear(id);            // L1: memory only, answered here on the event loop
        if (held != null) {
            return Uni.createFrom().item(answer(id, held, ifNoneMatch, request));
        }
        return cache.findInRedis(id).flatMap(read -> ProductCache.isHit(read)
                ? Uni.createFrom().item(answer(id, read, ifNoneMatch, request))     // L2: still on the event loop
                : Uni.createFrom().item(() -> answer(id, cache.findInDatabase(id, read), ifNoneMatch, request))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));    // PostgreSQL: a worker thread
    }

    /**
     * The answer to a read, wherever it was found: the cached JSON as it is (never parsed and written again), or the
     * problem of an unknown id; either with the header that says where it came from. The body is a {@code String}
     * for both, so that the response is written by the plain string writer.
     */
    private RestResponse<String> answer(long id, Cached<String> read, String ifNoneMatch, HttpServerRequest request) {
        if (!read.found()) {
            return ResponseBuilder.create(RestResponse.Status.NOT_FOUND, json.write(notFound(id)))
                    .type(Problem.MEDIA_TYPE).header(CacheOutcome.HEADER, read.outcome().name()).build();
        }
        views.record(id, request);                           // in memory, never blocks: sent by ViewCounter's thread
        String tag = read.tag() != null ? read.tag() : EntityTags.of(read.value());   // L1 and L2 hits bring it
        return EntityTags.answer(read.value(), tag, MediaType.APPLICATION_JSON, ifNoneMatch)   // 200, or 304: a view
                .header(CacheOutcome.HEADER, read.outcome().name()).build();
    }

    /** The body of a 404 for an unknown product id. */
    private static Problem notFound(long id) {
        return Problem.of(Response.Status.NOT_FOUND, "No product with id " + id);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.BEARER, scopes = Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.COOKIE, scopes = Roles.ADMIN)
    @Operation(operationId = "createProduct", summary = "Create a product", description = "Writes to PostgreSQL; once committed, the tombstone of the new "
            + "id (if any) is removed and every cached listing is retired.")
    @APIResponse(responseCode = "201", description = "Created; Location names the new product",
            content = @Content(schema = @Schema(implementation = ProductView.class)))
    @APIResponse(responseCode = "409", description = "The sku is taken")
    public Response create(@NotNull @Valid ProductRequest body) {
        ProductView created = products.create(body);
        return Response.created(URI.create("/api/products/" + created.id())).entity(created).build();
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.BEARER, scopes = Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.COOKIE, scopes = Roles.ADMIN)
    @Path("{id}")
    @Operation(operationId = "replaceProduct", summary = "Replace a product", description = "Writes to PostgreSQL; once committed, the cached product is "
            + "deleted and every cached listing retired, before this response is sent.")
    @APIResponse(responseCode = "200", description = "The product as stored",
            content = @Content(schema = @Schema(implementation = ProductView.class)))
    @APIResponse(responseCode = "404", description = "No product has this id")
    @APIResponse(responseCode = "409", description = "The sku belongs to another product")
    public ProductView replace(@PathParam("id") long id, @NotNull @Valid ProductRequest body) {
        return products.replace(id, body);
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.BEARER, scopes = Roles.ADMIN)
    @SecurityRequirement(name = SecuritySchemes.COOKIE, scopes = Roles.ADMIN)
    @Path("{id}")
    @Operation(operationId = "deleteProduct", summary = "Delete a product", description = "Deletes in PostgreSQL; once committed, the cached product is "
            + "deleted and every cached listing retired.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No product has this id")
    public void delete(@PathParam("id") long id) {
        products.delete(id);
    }

    /** A cached JSON body as it is, with the header that says where it came from. */
    public static RestResponse<String> ok(Cached<String> read, String ifNoneMatch) {
        return EntityTags.answer(read.value(), MediaType.APPLICATION_JSON, ifNoneMatch)
                .header(CacheOutcome.HEADER, read.outcome()).build();
    }
}
