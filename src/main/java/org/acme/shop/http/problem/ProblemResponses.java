package org.acme.shop.http.problem;

import org.acme.shop.http.NumberParameters;
import org.acme.shop.http.RequestLimits;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * Gives every operation of the OpenAPI document a {@code default} response: a problem body. Besides the refusals each
 * operation declares, any request can be refused or fail in ways that belong to no one endpoint: a URI or a header over
 * the limits (414, 431, {@link RequestLimits}), a path parameter that is not a number or too long (400,
 * {@link NumberParameters}), an {@code Accept} it cannot answer (406), a write over its rate limit (429), PostgreSQL or
 * the sessions' Redis out of reach (503), an unexpected error (500). All are answered by {@link ProblemMappers} or
 * {@link RequestLimits} as {@code application/problem+json}; this says so once, instead of on every endpoint.
 * Registered by {@code mp.openapi.filter} in {@code application.properties}.
 */
public class ProblemResponses implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() != null && operation.getResponses().getDefaultValue() == null) {
            operation.getResponses().setDefaultValue(OASFactory.createAPIResponse()
                    .description("Any other refusal or failure, as an RFC 9457 problem")
                    .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                            OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")))));
        }
        return operation;
    }
}
