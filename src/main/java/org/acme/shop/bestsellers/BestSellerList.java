package org.acme.shop.bestsellers;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The ranking of one window, most units first. */
@Schema(name = "BestSellers", description = "Products ranked by units sold, most first")
public record BestSellerList(
        @Schema(description = "First UTC day of the window", example = "2026-11-19") LocalDate from,
        @Schema(description = "Last UTC day of the window: today", example = "2026-11-25") LocalDate to,
        List<BestSeller> items) {
}
