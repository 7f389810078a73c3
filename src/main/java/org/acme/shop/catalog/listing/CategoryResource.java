package org.acme.shop.catalog.listing;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.acme.shop.catalog.ProductResource;
import org.acme.shop.http.EntityTags;
import org.acme.shop.cache.CacheOutcome;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/categories")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Products", description = ProductResource.TAG_DESCRIPTION)
@PermitAll
public class CategoryResource {

    private final CategoryCache categories;

    public CategoryResource(CategoryCache categories) {
        this.categories = categories;
    }

    @GET
    @Operation(operationId = "listCategories", summary = "List the categories with their product counts",
            description = "Read-through under a versioned key (catalog.cache.listing-ttl); any product write makes the "
                    + "next answer fresh.")
    @APIResponse(responseCode = "200", description = "Categories in alphabetical order",
            headers = @Header(name = CacheOutcome.HEADER, description = "HIT, MISS or BYPASS",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = CategoryCount.class)))
    public RestResponse<String> list(@Parameter(description = EntityTags.IF_NONE_MATCH_DESCRIPTION)
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return ProductResource.ok(categories.list(), ifNoneMatch);
    }
}
