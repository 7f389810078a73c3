package org.acme.shop.http;

import jakarta.ws.rs.core.HttpHeaders;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Declares once, in the OpenAPI document, what every conditional read answers ({@link EntityTags}): an operation that
 * takes {@code If-None-Match} gets the {@code ETag} and {@code Cache-Control} headers on its {@code 200}, and a
 * {@code 304} without a body. The resource method only declares the parameter.
 */
@OpenApiFilter
public class EntityTagsDocumented implements OASFilter {

    static final String NOT_MODIFIED = "Not modified: the If-None-Match ETag is the current one; no body";

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null || operation.getParameters() == null || operation.getParameters().stream()
                .noneMatch(p -> p.getIn() == Parameter.In.HEADER && HttpHeaders.IF_NONE_MATCH.equals(p.getName()))) {
            return operation;
        }
        APIResponse ok = responses.getAPIResponse("200");
        if (ok != null) {
            ok.addHeader(HttpHeaders.ETAG, header("A strong entity tag of this body"));
            ok.addHeader(HttpHeaders.CACHE_CONTROL,
                    header(EntityTags.CACHE_CONTROL + ": keep it, and ask again with If-None-Match before reusing it"));
        }
        if (!responses.hasAPIResponse("304")) {
            responses.addAPIResponse("304", OASFactory.createAPIResponse().description(NOT_MODIFIED)
                    .addHeader(HttpHeaders.ETAG, header("The current entity tag")));
        }
        return operation;
    }

    private static org.eclipse.microprofile.openapi.models.headers.Header header(String description) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }
}
