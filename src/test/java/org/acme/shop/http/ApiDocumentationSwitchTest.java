package org.acme.shop.http;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.testing.Management;
import org.acme.shop.testing.SwitchedOff;
import org.junit.jupiter.api.Test;

/**
 * Swagger UI and the OpenAPI document as the prod profile serves them unless switched on
 * ({@code %prod.quarkus.swagger-ui.enabled=false}; the document follows the same switch): not at all, and {@code /}
 * redirects nowhere. {@code ProductResourceTest.rootRedirectsToSwaggerUi} shows them switched on, as in dev and test.
 */
@QuarkusTest
@TestProfile(SwitchedOff.class)
class ApiDocumentationSwitchTest {

    @Test
    void switchedOffSwaggerUiAndTheDocumentAre404AndTheRootRedirectsNowhere() {
        given().redirects().follow(false).when().get("/").then().statusCode(404)
                .contentType("application/problem+json");
        given().redirects().follow(false).when().get("/q/swagger-ui/").then().statusCode(404);
        given().redirects().follow(false).when().get("/q/swagger-ui").then().statusCode(404);
        given().when().get("/q/openapi").then().statusCode(404);
        given().when().get("/q/openapi?format=json").then().statusCode(404);
        Management.given().when().get("/q/health/ready").then().statusCode(200);       // operations are unaffected
    }
}
