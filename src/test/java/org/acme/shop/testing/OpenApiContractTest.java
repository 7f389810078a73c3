package org.acme.shop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The response validator can fail: against a small document of its own, it accepts what the document describes and
 * names what it does not (a null where a string is declared, an undeclared status or content type, a body that two
 * shapes of a {@code oneOf} both accept, a date that is not one).
 */
class OpenApiContractTest {

    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";

    private static final OpenApiContract CONTRACT = new OpenApiContract("""
            {
              "openapi": "3.1.0",
              "paths": {
                "/api/products/{id}": {
                  "get": {
                    "responses": {
                      "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Product"}}}},
                      "404": {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                    }
                  },
                  "delete": {
                    "responses": {
                      "204": {"description": "Deleted"},
                      "default": {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                    }
                  }
                },
                "/api/products/featured": {
                  "get": {
                    "responses": {
                      "200": {"content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Product"}}}}}
                    }
                  }
                },
                "/api/products": {
                  "get": {
                    "responses": {
                      "200": {"content": {"application/json": {"schema": {"oneOf": [
                        {"$ref": "#/components/schemas/Page"}, {"$ref": "#/components/schemas/Batch"}]}}}}
                    }
                  }
                }
              },
              "components": {
                "schemas": {
                  "Product": {
                    "type": "object",
                    "properties": {
                      "id": {"type": "integer", "format": "int64"},
                      "brand": {"type": "string"},
                      "description": {"type": ["string", "null"]},
                      "createdAt": {"type": "string", "format": "date-time"}
                    }
                  },
                  "Page": {"type": "object", "properties": {"items": {"type": "array"}, "page": {"type": "integer"}}},
                  "Batch": {"type": "object", "properties": {"items": {"type": "array"}, "missing": {"type": "array"}}},
                  "Problem": {"type": "object", "properties": {"status": {"type": "integer"}}}
                }
              }
            }
            """);

    @Test
    void aResponseThatTheDocumentDescribesPasses() {
        assertThat(CONTRACT.violations("GET", "/api/products/42", 200, JSON + ";charset=UTF-8",
                "{\"id\":42,\"brand\":\"barista\",\"description\":null,\"createdAt\":\"2026-11-24T09:15:00Z\"}"))
                .isEmpty();
        assertThat(CONTRACT.violations("GET", "/api/products/42", 404, PROBLEM, "{\"status\":404}")).isEmpty();
        assertThat(CONTRACT.violations("DELETE", "/api/products/42", 204, null, "")).isEmpty();
        assertThat(CONTRACT.violations("DELETE", "/api/products/42", 503, PROBLEM, "{\"status\":503}"))
                .as("default covers a failure").isEmpty();
    }

    @Test
    void aNullWhereTheSchemaDeclaresAStringIsRejected() {
        List<String> violations = CONTRACT.violations("GET", "/api/products/42", 200, JSON, "{\"id\":42,\"brand\":null}");
        assertThat(violations).singleElement().asString().contains("brand").contains("null");
    }

    @Test
    void anUndeclaredStatusIsRejected() {
        assertThat(CONTRACT.violations("GET", "/api/products/42", 409, PROBLEM, "{\"status\":409}"))
                .singleElement().asString().contains("status 409 is not declared");
        assertThat(CONTRACT.violations("DELETE", "/api/products/42", 200, null, ""))
                .as("default stands for refusals and failures, not for a success")
                .singleElement().asString().contains("status 200 is not declared");
    }

    @Test
    void anUndeclaredContentTypeOrAnUndeclaredBodyIsRejected() {
        assertThat(CONTRACT.violations("GET", "/api/products/42", 404, JSON, "{\"status\":404}"))
                .singleElement().asString().contains("'application/json' is not declared");
        assertThat(CONTRACT.violations("DELETE", "/api/products/42", 204, JSON, "{}"))
                .singleElement().asString().contains("declares no body");
        assertThat(CONTRACT.violations("GET", "/api/products/42", 200, null, ""))
                .singleElement().asString().contains("declares a body");
    }

    @Test
    void aBodyThatBothShapesOfAOneOfAcceptIsRejected() {
        assertThat(CONTRACT.violations("GET", "/api/products", 200, JSON, "{\"items\":[],\"missing\":[7]}"))
                .as("neither shape requires a property, so a batch is a page as well").isNotEmpty();
    }

    @Test
    void aDateTimeThatIsNotOneIsRejected() {
        assertThat(CONTRACT.violations("GET", "/api/products/42", 200, JSON, "{\"createdAt\":\"yesterday\"}"))
                .singleElement().asString().contains("createdAt");
    }

    @Test
    void aLiteralPathWinsOverATemplateAndAnUnknownOneIsReported() {
        assertThat(CONTRACT.violations("GET", "/api/products/featured", 200, JSON, "[{\"id\":1,\"brand\":\"b\"}]"))
                .isEmpty();
        assertThat(CONTRACT.violations("GET", "/api/nothing", 200, JSON, "{}"))
                .singleElement().asString().contains("no path");
        assertThat(CONTRACT.violations("GET", "/api/nothing", 404, PROBLEM, "{}"))
                .as("a 404 agrees that there is nothing there").isEmpty();
        assertThat(CONTRACT.violations("PUT", "/api/products/featured", 200, JSON, "{}"))
                .singleElement().asString().contains("no PUT /api/products/featured");
    }
}
