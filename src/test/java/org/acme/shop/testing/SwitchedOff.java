package org.acme.shop.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Two parts a deployment may switch off, off in one start: Swagger UI and the OpenAPI document (off in the prod
 * profile unless switched on: {@code ApiDocumentationSwitchTest}), and the cache's stampede protection
 * ({@code StampedeOffTest}, which shows what it protects from). Neither test touches what the other switched off; the
 * answers of this application are not checked against an OpenAPI document, as it serves none
 * ({@link ResponsesMatchOpenApi}).
 */
public class SwitchedOff implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.swagger-ui.enabled", "false", "cache.stampede.enabled", "false");
    }
}
