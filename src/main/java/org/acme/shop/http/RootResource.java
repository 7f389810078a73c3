package org.acme.shop.http;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /} sends a visitor to Swagger UI, the front door of this service, wherever Swagger UI is served: in dev
 * and test, and in prod only when {@code quarkus.swagger-ui.enabled} is switched on. Without it, {@code /} is a path
 * the service does not serve ({@code 404}), not a redirect to one.
 */
@Path("/")
@PermitAll
public class RootResource {

    private final boolean swaggerUi;

    public RootResource(@ConfigProperty(name = "quarkus.swagger-ui.enabled", defaultValue = "true") boolean swaggerUi) {
        this.swaggerUi = swaggerUi;
    }

    @GET
    @Operation(hidden = true)
    public Response root() {
        if (!swaggerUi) {
            throw new NotFoundException();
        }
        return Response.seeOther(URI.create("/q/swagger-ui")).build();
    }
}
