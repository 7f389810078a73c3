package org.acme.shop.bestsellers;

import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a rebuild of the day keys wrote. */
@Schema(name = "BestSellersRebuild", description = "The day keys rewritten from PostgreSQL")
public record RebuildReport(
        @Schema(description = "First UTC day rewritten", example = "2026-10-27") LocalDate from,
        @Schema(description = "Last UTC day rewritten: today", example = "2026-11-25") LocalDate to,
        @Schema(description = "Days with at least one sale, each now one ZSET", example = "12") int daysWithSales,
        @Schema(description = "Units of confirmed reservations counted", example = "431") long unitsSold) {
}
