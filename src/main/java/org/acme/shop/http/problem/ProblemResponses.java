package org.acme.shop.http.problem;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.acme.shop.http.RequestLimits;
import org.acme.shop.http.validation.NumberParameters;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Declares the refusals that are the same on every endpoint once, in the OpenAPI document, so that a resource method
 * declares only what is its own: a 404 that names what is missing, a 409, a 429, a 503 with its reason. For every
 * operation it adds
 * <ul>
 * <li>a {@code 401} when the operation has a security requirement: without a live session, Quarkus Security refuses
 * before the method runs;</li>
 * <li>a {@code 403} when a requirement names roles (OpenAPI 3.1 lets a non-OAuth scheme list "role names which are
 * required"): a signed-in user without the role is refused;</li>
 * <li>a {@code 400} when the operation takes a body: malformed JSON or a field that fails Bean Validation;</li>
 * <li>the {@code default} response: any request can be refused or fail in ways that belong to no one endpoint, a URI or
 * a header over the limits (414, 431, {@link RequestLimits}), a path parameter that is not a number or too long (400,
 * {@link NumberParameters}), an {@code Accept} it cannot answer (406), PostgreSQL or the sessions' Redis out of reach
 * (503), an unexpected error (500);</li>
 * </ul>
 * and gives every 4xx and 5xx response without content the problem body, since {@link ProblemMappers} and
 * {@link RequestLimits} answer all of them as {@code application/problem+json}: a resource writes
 * {@code @APIResponse(responseCode = "404", description = "No product has this id")}, not the schema. A response that
 * the method declares itself keeps its description. Registered by {@code mp.openapi.filter} in
 * {@code application.properties}; {@code OpenApiDocumentTest} and {@code ApiSecurityDocumentationTest} check the result.
 */
public class ProblemResponses implements OASFilter {

    static final String NOT_SIGNED_IN = "Not signed in, or the session has expired";
    static final String WITHOUT_ROLE = "Signed in, but without the role ";
    static final String INVALID_BODY = "Invalid fields or malformed JSON";
    static final String ANY_OTHER = "Any other refusal or failure, as an RFC 9457 problem";

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            return operation;
        }
        List<SecurityRequirement> security = operation.getSecurity() == null ? List.of() : operation.getSecurity();
        if (!security.isEmpty()) {
            addIfAbsent(responses, "401", NOT_SIGNED_IN);
        }
        Set<String> roles = new TreeSet<>();
        security.forEach(requirement -> requirement.getSchemes().values().forEach(roles::addAll));
        if (!roles.isEmpty()) {
            addIfAbsent(responses, "403", WITHOUT_ROLE + String.join(" or ", roles));
        }
        if (operation.getRequestBody() != null) {
            addIfAbsent(responses, "400", INVALID_BODY);
        }
        if (responses.getDefaultValue() == null) {
            responses.setDefaultValue(OASFactory.createAPIResponse().description(ANY_OTHER));
        }
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            if (isRefusal(response.getKey()) && response.getValue().getRef() == null
                    && isEmpty(response.getValue().getContent())) {
                response.getValue().setContent(problem());
            }
        }
        return operation;
    }

    private static void addIfAbsent(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    /** A 4xx or 5xx code, a range of them ({@code 4XX}), or {@code default}, which stands for refusals only here. */
    private static boolean isRefusal(String code) {
        return code.equals(APIResponses.DEFAULT) || code.startsWith("4") || code.startsWith("5");
    }

    private static boolean isEmpty(Content content) {
        return content == null || content.getMediaTypes() == null || content.getMediaTypes().isEmpty();
    }

    private static Content problem() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")));
    }
}
