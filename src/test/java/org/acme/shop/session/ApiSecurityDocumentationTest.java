package org.acme.shop.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.security.Authenticated;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.acme.shop.http.Roles;
import org.acme.shop.http.SecuritySchemes;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document says who may call what, as the endpoints enforce it: two security schemes (the bearer token
 * and the session cookie, either will do), a requirement on every operation that needs a user, with its 401, and on
 * every admin operation a requirement that names the role, with its 403. Public operations state none. The
 * requirements are written next to {@code @RolesAllowed} and {@code @Authenticated}, and checked against them here;
 * the 401 and 403 follow from them ({@code ProblemResponses}).
 */
@QuarkusTest
class ApiSecurityDocumentationTest {

    private static final List<Map<String, List<String>>> EITHER_TOKEN_OR_COOKIE = List.of(
            Map.of(SecuritySchemes.BEARER, List.of()),
            Map.of(SecuritySchemes.COOKIE, List.of()));
    private static final List<Map<String, List<String>>> EITHER_AS_ADMIN = List.of(
            Map.of(SecuritySchemes.BEARER, List.of(Roles.ADMIN)),
            Map.of(SecuritySchemes.COOKIE, List.of(Roles.ADMIN)));

    private static final List<String> ADMIN = List.of("post /api/products", "put /api/products/{id}",
            "delete /api/products/{id}", "put /api/inventory/{sku}", "put /api/products/featured",
            "post /api/products/best-sellers/rebuild", "put /api/inventory/{sku}/flash-sale",
            "delete /api/inventory/{sku}/flash-sale");
    private static final List<String> SIGNED_IN = List.of("post /api/inventory/{sku}/reservations",
            "get /api/inventory/reservations", "get /api/inventory/reservations/{id}",
            "delete /api/inventory/reservations/{id}", "post /api/inventory/reservations/{id}/confirm",
            "get /api/cart", "put /api/cart/items/{productId}", "delete /api/cart/items/{productId}",
            "get /api/users/me", "patch /api/users/me", "delete /api/sessions/current", "delete /api/sessions");
    private static final List<String> PUBLIC = List.of("get /api/products", "get /api/products/{id}",
            "get /api/products/{id}/stats", "get /api/categories", "get /api/inventory/{sku}", "post /api/users",
            "post /api/sessions", "get /api/brands", "get /api/brands/{slug}", "get /api/products/featured",
            "get /api/products/best-sellers", "get /api/stores/near");

    @Test
    void bothWaysToSendTheTokenAreSecuritySchemes() {
        JsonPath api = api();
        assertThat(api.getMap("components.securitySchemes." + SecuritySchemes.BEARER))
                .containsEntry("type", "http").containsEntry("scheme", "bearer");
        assertThat(api.getMap("components.securitySchemes." + SecuritySchemes.COOKIE))
                .containsEntry("type", "apiKey").containsEntry("in", "cookie").containsEntry("name", "__Host-SESSION");
    }

    @Test
    void everyOperationStatesItsRequirementAndItsRefusals() {
        JsonPath api = api();
        for (String operation : ADMIN) {
            assertThat(api.getList(path(operation, "security"))).as(operation).isEqualTo(EITHER_AS_ADMIN);
            assertThat(api.getMap(path(operation, "responses"))).as(operation).containsKeys("401", "403");
        }
        for (String operation : SIGNED_IN) {
            assertThat(api.getList(path(operation, "security"))).as(operation).isEqualTo(EITHER_TOKEN_OR_COOKIE);
            assertThat(api.getMap(path(operation, "responses"))).as(operation).containsKey("401")
                    .doesNotContainKey("403");
        }
        for (String operation : PUBLIC) {
            assertThat(api.getMap(path(operation, ""))).as(operation).isNotNull();
            assertThat(api.getList(path(operation, "security"))).as(operation).isNullOrEmpty();
        }
        Map<String, Map<String, ?>> paths = api.getMap("paths");
        long documented = paths.entrySet().stream().filter(e -> e.getKey().startsWith("/api/"))
                .mapToLong(e -> e.getValue().keySet().stream().filter(k -> !k.equals("parameters")).count()).sum();
        assertThat(documented).as("every /api operation is in one of the lists")
                .isEqualTo(ADMIN.size() + SIGNED_IN.size() + PUBLIC.size());
    }

    /**
     * What the document states is what Quarkus Security enforces: for every resource method, its requirement is
     * derived from its {@code @RolesAllowed}, {@code @Authenticated} or {@code @PermitAll} (or its class's), so that a
     * method that changes one and not the other fails here.
     */
    @Test
    void everyRequirementIsTheOneItsSecurityAnnotationEnforces() {
        Map<String, Map<String, Object>> operations = new HashMap<>();
        Map<String, Map<String, Map<String, Object>>> paths = api().getMap("paths");
        paths.values().forEach(byMethod -> byMethod.values().forEach(operation -> operations.put(
                (String) operation.get("operationId"), operation)));
        int checked = 0;
        for (JavaClass type : new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("org.acme.shop")) {
            for (Method method : type.reflect().getDeclaredMethods()) {
                Operation documented = method.getAnnotation(Operation.class);
                if (documented == null || documented.hidden()) {
                    continue;
                }
                Map<String, Object> operation = operations.get(documented.operationId());
                assertThat(operation).as("operation %s in the document", documented.operationId()).isNotNull();
                assertThat(operation.get("security")).as("security of %s", documented.operationId())
                        .isEqualTo(enforced(method));
                checked++;
            }
        }
        assertThat(checked).as("resource methods checked").isEqualTo(operations.size());
    }

    /** The requirement that the method's security annotation calls for; null for a public one. */
    private static List<Map<String, List<String>>> enforced(Method method) {
        Class<?> type = method.getDeclaringClass();
        RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
                : method.isAnnotationPresent(Authenticated.class) || method.isAnnotationPresent(PermitAll.class) ? null
                : type.getAnnotation(RolesAllowed.class);
        if (roles != null) {
            List<String> names = Arrays.asList(roles.value());
            return List.of(Map.of(SecuritySchemes.BEARER, names), Map.of(SecuritySchemes.COOKIE, names));
        }
        boolean authenticated = method.isAnnotationPresent(Authenticated.class)
                || !method.isAnnotationPresent(PermitAll.class) && type.isAnnotationPresent(Authenticated.class);
        return authenticated ? EITHER_TOKEN_OR_COOKIE : null;
    }

    private static JsonPath api() {
        return given().when().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
    }

    private static String path(String operation, String field) {
        String[] methodAndPath = operation.split(" ");
        return "paths.'" + methodAndPath[1] + "'." + methodAndPath[0] + (field.isEmpty() ? "" : "." + field);
    }
}
