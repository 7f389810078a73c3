package org.acme.shop.cart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import org.acme.shop.cache.Cached;
import org.acme.shop.catalog.ProductView;
import org.acme.shop.catalog.cache.ProductBulkCache;
import org.acme.shop.catalog.cache.ProductCache;
import org.acme.shop.http.NoStore;
import org.acme.shop.http.SecuritySchemes;
import org.acme.shop.http.problem.NotFound;
import org.acme.shop.session.CurrentUser;
import org.acme.shop.session.SessionStore;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The cart: one HASH field per line in the session ({@code cart:{productId}} = quantity), priced by the catalog cache. */
@Path("/api/cart")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Cart", description = "The cart: one field per line in the session HASH, priced through the product cache")
@Authenticated
@NoStore
public class CartResource {

    private final SessionStore sessions;
    private final ProductCache products;
    private final ProductBulkCache bulkReads;
    private final ObjectMapper json;
    private final CurrentUser caller;

    public CartResource(SessionStore sessions, ProductCache products, ProductBulkCache bulkReads, ObjectMapper json,
            CurrentUser caller) {
        this.sessions = sessions;
        this.products = products;
        this.bulkReads = bulkReads;
        this.json = json;
        this.caller = caller;
    }

    @GET
    @SecurityRequirement(name = SecuritySchemes.BEARER)
    @SecurityRequirement(name = SecuritySchemes.COOKIE)
    @Operation(operationId = "getCart", summary = "My cart", description = "The lines of the session's HASH, with names and prices read through "
            + "the catalog's cache-aside cache in one bulk read (one MGET for every line), and the "
            + "total. Lines of products deleted since are left out.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CartViews.Cart.class)))
    public CartViews.Cart cart() {
        return cartOf(caller.session());
    }

    /** Every line's product in one bulk read of the catalog cache (one MGET), not one read per line. */
    private CartViews.Cart cartOf(SessionStore.Session session) {
        List<CartViews.CartLine> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        List<Long> ids = List.copyOf(session.cart().keySet());
        List<Cached<String>> reads = ids.isEmpty() ? List.of() : bulkReads.findAll(ids);
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            int quantity = session.cart().get(id);
            Optional<ProductView> product = parse(id, reads.get(i));
            if (product.isPresent()) {
                BigDecimal lineTotal = product.get().price().multiply(BigDecimal.valueOf(quantity));
                lines.add(new CartViews.CartLine(id, product.get().name(), product.get().price(), quantity, lineTotal));
                total = total.add(lineTotal);
            }
        }
        return new CartViews.Cart(lines, total);
    }

    @PUT
    @SecurityRequirement(name = SecuritySchemes.BEARER)
    @SecurityRequirement(name = SecuritySchemes.COOKIE)
    @Path("items/{productId}")
    @Operation(operationId = "setCartLine", summary = "Set the quantity of one line", description = "HSET of one field of the session HASH.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CartViews.Cart.class)))
    @APIResponse(responseCode = "400", description = "Quantity outside 1..99")
    @APIResponse(responseCode = "404", description = "No such product")
    @APIResponse(responseCode = "409", description = "A new line past session.cart-max-lines (50)")
    public CartViews.Cart setLine(@PathParam("productId") long productId,
            @NotNull @Valid CartViews.CartQuantity body) {
        SessionStore.Session session = caller.session();
        product(productId).orElseThrow(() -> new NotFound("No product with id " + productId));
        return cartOf(sessions.setCartLine(session, productId, body.quantity()));
    }

    @DELETE
    @SecurityRequirement(name = SecuritySchemes.BEARER)
    @SecurityRequirement(name = SecuritySchemes.COOKIE)
    @Path("items/{productId}")
    @Operation(operationId = "removeCartLine", summary = "Remove one line", description = "HDEL of one field of the session HASH.")
    @APIResponse(responseCode = "204", description = "Removed (or was not there)")
    public void removeLine(@PathParam("productId") long productId) {
        sessions.removeCartLine(caller.session(), productId);
    }

    private Optional<ProductView> product(long id) {
        return parse(id, products.findOrLoad(id));
    }

    private Optional<ProductView> parse(long id, Cached<String> read) {
        if (!read.found()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(read.value(), ProductView.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cached product " + id + " is not valid JSON", e);
        }
    }
}
