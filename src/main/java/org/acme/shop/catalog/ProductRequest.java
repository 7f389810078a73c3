package org.acme.shop.catalog;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.acme.shop.http.validation.NoControlCharacters;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST} and {@code PUT /api/products}: every field of a product the client may set. */
@Schema(name = "ProductRequest", description = "A product as the client writes it")
public record ProductRequest(
        @Schema(description = "Stock keeping unit, unique across the catalog", example = "KIT-ESPRESSO-0042")
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' or '-' only")
        String sku,

        @Schema(example = "Barista Pro espresso machine") @NotBlank @Size(max = 200) @NoControlCharacters
        String name,

        @Schema(example = "15-bar pump, steam wand, 2 l water tank") @Size(max = 2000)
        @NoControlCharacters(multiline = true)
        String description,

        @Schema(description = "Price in the shop's currency, at most two decimal places", example = "349.90")
        @NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2)
        BigDecimal price,

        @Schema(example = "Kitchen") @NotBlank @Size(max = 100) @NoControlCharacters
        String category,

        @Schema(description = "Slug of an existing brand (GET /api/brands); optional", example = "barista")
        @Size(max = 64) @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "lower-case letters, digits and '-' only")
        String brand) {
}
