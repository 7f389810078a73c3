package org.acme.shop.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.acme.shop.inventory.flashsale.FlashSaleView;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code GET /api/inventory/{sku}} returns: the stock row, and the sku's flash sale while Redis holds its gate. */
@Schema(name = "StockView", description = "Stock of one sku, with its flash sale if one is on")
public record StockView(
        @Schema(example = "KIT-0042") String sku,
        @Schema(description = "Units that can still be reserved outside a flash sale", example = "17") int available,
        @Schema(description = "Units held by active reservations", example = "3") int reserved,
        @Schema(description = "Grows by one on every change; 0 for a product whose stock was never set", example = "24")
        long version,
        @Schema(description = "Absent unless a flash sale of the sku has its gate in Redis")
        @JsonInclude(JsonInclude.Include.NON_NULL) FlashSaleView flashSale) {

    static StockView of(StockLevel stock, FlashSaleView flashSale) {
        return new StockView(stock.sku(), stock.available(), stock.reserved(), stock.version(), flashSale);
    }
}
