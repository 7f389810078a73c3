package org.acme.shop.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.acme.shop.testing.PackagedApp;
import org.junit.jupiter.api.Test;

/**
 * Swagger UI and the OpenAPI document as the prod profile serves them unless switched on
 * ({@code %prod.quarkus.swagger-ui.enabled=false}; the document follows the same switch), in the packaged jar with
 * the prod profile's own setting: not at all, and {@code /} redirects nowhere. {@code ProductResourceTest
 * .rootRedirectsToSwaggerUi} shows them switched on, as in dev and test, and {@code SwaggerUiAuthorizeIT} the jar with
 * {@code QUARKUS_SWAGGER_UI_ENABLED=true}. A packaged jar rather than a test profile: a {@code @QuarkusTest} start
 * without the document would leave the answers of every test sharing it unchecked against it
 * ({@code ResponsesMatchOpenApi}).
 */
class ApiDocumentationSwitchIT {

    /** Redirects are not followed ({@code HttpClient.Redirect.NEVER}, the default): a redirect is an answer here. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void switchedOffSwaggerUiAndTheDocumentAre404AndTheRootRedirectsNowhere() throws Exception {
        try (PackagedApp app = PackagedApp.start("api-documentation-it", PackagedApp.testServers())) {
            HttpResponse<String> root = get(app.uri("/"));
            assertThat(root.statusCode()).isEqualTo(404);
            assertThat(root.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            for (String path : List.of("/q/swagger-ui/", "/q/swagger-ui", "/q/openapi", "/q/openapi?format=json")) {
                assertThat(get(app.uri(path)).statusCode()).as(path).isEqualTo(404);
            }
            assertThat(get(app.managementUri("/q/health/ready")).statusCode()).as("operations are unaffected")
                    .isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
