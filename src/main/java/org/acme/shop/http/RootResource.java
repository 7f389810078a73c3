package org.acme.shop.http;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /} sends a visitor to Swagger UI, the front door of this service. */
@Path("/")
@PermitAll
public class RootResource {

    @GET
    @Operation(hidden = true)
    public Response root() {
        return Response.seeOther(URI.create("/q/swagger-ui")).build();
    }
}
