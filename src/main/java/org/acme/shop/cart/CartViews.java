package org.acme.shop.cart;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code /api/cart} takes and answers. */
public final class CartViews {

    private CartViews() {
    }

    @Schema(name = "CartQuantity")
    public record CartQuantity(@Schema(example = "2") @NotNull @Min(1) @Max(99) Integer quantity) {
    }

    @Schema(name = "CartLine")
    public record CartLine(@Schema(example = "42") long productId, @Schema(example = "Barista Pro espresso machine") String name,
            @Schema(example = "349.90") BigDecimal unitPrice, @Schema(example = "2") int quantity,
            @Schema(example = "699.80") BigDecimal lineTotal) {
    }

    @Schema(name = "Cart")
    public record Cart(List<CartLine> lines, @Schema(example = "699.80") BigDecimal total) {
    }
}
