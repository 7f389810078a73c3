package org.acme.shop.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.acme.shop.testing.ResponsesMatchOpenApi;
import org.junit.jupiter.api.Test;

/**
 * What a client generator needs from the OpenAPI document: an {@code operationId} on every operation (it becomes the
 * method's name, so it must be unique), a description on every tag (it becomes the class's comment), and answers that
 * the document describes: every response the API tests receive is checked against it ({@link ResponsesMatchOpenApi}).
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void everyOperationHasAUniqueOperationId() {
        JsonPath api = api();
        Map<String, Map<String, Object>> paths = api.getMap("paths");
        List<String> ids = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                Object id = ((Map<?, ?>) operation).get("operationId");
                assertThat(id).as("operationId of %s %s", method, path).isInstanceOf(String.class);
                ids.add((String) id);
            }
        }));
        assertThat(ids).hasSizeGreaterThan(20).doesNotHaveDuplicates();
    }

    @Test
    void everyTagThatAnOperationUsesIsDescribed() {
        JsonPath api = api();
        List<Map<String, Object>> tags = api.getList("tags");
        assertThat(tags).isNotEmpty().allSatisfy(tag -> assertThat((String) tag.get("description"))
                .as("description of tag %s", tag.get("name")).isNotBlank());
        List<String> declared = tags.stream().map(tag -> (String) tag.get("name")).toList();
        assertThat(declared).doesNotHaveDuplicates();
        Map<String, Map<String, Object>> paths = api.getMap("paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                List<?> used = (List<?>) ((Map<?, ?>) operation).get("tags");
                assertThat(used).as("tags of %s %s", method, path).isNotEmpty();
                used.forEach(tag -> assertThat(declared).contains((String) tag));
            }
        }));
    }

    @Test
    void everyAnswerThatTheApiTestsReceiveIsCheckedAgainstTheDocument() {
        assertThat(RestAssured.filters()).anyMatch(ResponsesMatchOpenApi.class::isInstance);
        assertThat(api().getString("openapi")).as("the version ResponsesMatchOpenApi reads").startsWith("3.1");
    }

    @Test
    void everyOperationDeclaresItsOtherRefusalsAsAProblem() {
        JsonPath api = api();
        Map<String, Map<String, Object>> paths = api.getMap("paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                Map<?, ?> fallback = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) operation).get("responses")).get("default");
                assertThat(fallback).as("default response of %s %s", method, path).isNotNull();
                assertThat(List.<Object>copyOf(((Map<?, ?>) fallback.get("content")).keySet()))
                        .as("media types of its default").containsExactly("application/problem+json");
            }
        }));
    }

    private static JsonPath api() {
        return given().when().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
    }
}
