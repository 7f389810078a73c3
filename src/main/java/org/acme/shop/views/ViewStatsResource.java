package org.acme.shop.views;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** HTTP for the view counts of a product: what {@link ViewCounter} counted and {@link ViewFlusher} wrote behind. */
@Path("/api/products/{id}/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Product views", description = "View counters written behind to PostgreSQL through a Redis stream, and "
        + "unique viewers counted with HyperLogLogs")
public class ViewStatsResource {

    private final ViewStatistics statistics;

    public ViewStatsResource(ViewStatistics statistics) {
        this.statistics = statistics;
    }

    @GET
    @PermitAll
    @Operation(operationId = "getProductStats", summary = "Views and unique viewers of one product",
            description = "Every GET /api/products/{id} that finds the product counts one view (views.enabled). flushed "
                    + "is what PostgreSQL holds, pending what Redis holds and the flusher has not written yet "
                    + "(views.flush.interval); a view reaches pending within views.send-interval. uniqueViewers is a "
                    + "HyperLogLog estimate (standard error 0.81 %) of the distinct visitors over the last `days` UTC "
                    + "days, today included. Without Redis: 503.")
    @APIResponse(responseCode = "200", description = "The stats",
            content = @Content(schema = @Schema(implementation = ViewStats.class)))
    @APIResponse(responseCode = "400", description = "days out of range")
    @APIResponse(responseCode = "404", description = "No product has this id")
    @APIResponse(responseCode = "503", description = "Redis, which holds the pending views and the visitors, is unavailable")
    public ViewStats stats(@Parameter(description = "Product id", example = "42") @PathParam("id") long id,
            @Parameter(description = "Days of unique viewers, 1 to 7, today (UTC) included", example = "7")
            @QueryParam("days") @DefaultValue("7") @Min(1) @Max(ViewStatistics.MAX_DAYS) int days) {
        return statistics.of(id, days);
    }
}
