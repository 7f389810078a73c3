package org.acme.shop.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.acme.shop.testing.ResponsesMatchOpenApi;
import org.junit.jupiter.api.Test;

/**
 * What a client generator needs from the OpenAPI document: an {@code operationId} on every operation (it becomes the
 * method's name, so it must be unique), a description on every tag (it becomes the class's comment), every refusal as
 * a problem body, and answers that the document describes: every response the API tests receive is checked against it
 * ({@link ResponsesMatchOpenApi}).
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

    /**
     * Each operation has a {@code default} response, and every refusal it declares (4xx, 5xx, {@code default}) is a
     * problem body, whether the resource wrote the response or {@code ProblemResponses} added it.
     */
    @Test
    void everyRefusalOfEveryOperationIsAProblem() {
        JsonPath api = api();
        assertThat(api.getMap("components.schemas.Problem")).as("the Problem schema").isNotEmpty();
        forEachOperation(api, (name, operation) -> {
            Map<String, Map<String, Object>> responses = responses(operation);
            assertThat(responses).as("responses of %s", name).containsKey("default");
            responses.forEach((code, response) -> {
                if (code.equals("default") || code.startsWith("4") || code.startsWith("5")) {
                    assertThat(response.get("content")).as("content of %s %s", name, code)
                            .isEqualTo(Map.of("application/problem+json",
                                    Map.of("schema", Map.of("$ref", "#/components/schemas/Problem"))));
                }
            });
        });
    }

    /**
     * The refusals that follow from what an operation is, stated wherever they are true and nowhere else: a 401 where
     * there is a security requirement, a 403 where it names a role, a 400 where there is a body. Public operations
     * state no 403, and no 401 but the login's own (a wrong password).
     */
    @Test
    void everyOperationStatesTheRefusalsItsRequirementAndBodyCallFor() {
        forEachOperation(api(), (name, operation) -> {
            Map<String, Map<String, Object>> responses = responses(operation);
            List<Map<String, List<String>>> security = requirements(operation);
            boolean namesARole = security.stream().anyMatch(r -> r.values().stream().anyMatch(l -> !l.isEmpty()));
            if (!security.isEmpty()) {
                assertThat(responses).as("responses of %s", name).containsKey("401");
            } else if (!name.equals("post /api/sessions")) {
                assertThat(responses).as("responses of public %s", name).doesNotContainKey("401");
            }
            if (namesARole) {
                assertThat(responses).as("responses of %s", name).containsKey("403");
            } else {
                assertThat(responses).as("responses of %s", name).doesNotContainKey("403");
            }
            if (operation.get("requestBody") != null) {
                assertThat(responses).as("responses of %s, which takes a body", name).containsKey("400");
            }
        });
    }

    private static void forEachOperation(JsonPath api, BiConsumer<String, Map<String, Object>> check) {
        Map<String, Map<String, Object>> paths = api.getMap("paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) operation;
                check.accept(method + " " + path, typed);
            }
        }));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> responses(Map<String, Object> operation) {
        return (Map<String, Map<String, Object>>) operation.get("responses");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, List<String>>> requirements(Map<String, Object> operation) {
        Object security = operation.get("security");
        return security == null ? List.of() : (List<Map<String, List<String>>>) security;
    }

    private static JsonPath api() {
        return given().when().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
    }
}
