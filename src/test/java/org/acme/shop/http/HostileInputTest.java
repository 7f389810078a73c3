package org.acme.shop.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Products;
import org.junit.jupiter.api.Test;

/**
 * Hostile and unlucky input never gets a {@code 5xx}, and every refusal is a problem body. The requests are made from
 * the OpenAPI document, not from a hand-written list: every operation, with each of its path and query parameters and
 * each field of its request body in turn set to a control character, a number past its column's range, or an
 * over-long value, while the other values stay valid; a {@code 400} must name that parameter or field. An operation
 * added later is walked without a change here.
 */
@QuarkusTest
class HostileInputTest {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
    private static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Text no field accepts: C0 control characters (NUL, BEL, ESC, unit separator), C1 ones (CSI), a bidi override,
     * and far too much of it.
     */
    private static final List<Object> HOSTILE_TEXT = List.of("a\u0000b", "bell\u0007", "\u001b[31mred", "\u001f",
            "\u009b31mred", "evil\u202Etxt.exe", "x".repeat(5_000));
    /** Numbers past every column: bigint, integer, numeric(12, 2); and not numbers at all. */
    private static final List<Object> HOSTILE_NUMBERS = List.of(new BigInteger("99999999999999999999"),
            new BigInteger("-99999999999999999999"), new BigInteger("2147483648"), -1,
            new BigDecimal("1e400"), new BigDecimal("123456789012345678901234567890.123"), "12\u0000");

    private final List<String> failures = new ArrayList<>();
    private int sent;

    @Test
    void noOperationAnswers5xxAndEvery4xxIsAProblem() {
        JsonPath api = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        String customer = Accounts.newSession();
        String admin = Accounts.login(Accounts.adminEmail(), Accounts.adminPassword());
        Map<String, Map<String, Object>> paths = api.getMap("paths");
        paths.forEach((path, operations) -> operations.forEach((method, value) -> {
            if (!METHODS.contains(method) || !path.startsWith("/api/")) {
                return;
            }
            Map<String, Object> operation = asMap(value);
            Map<?, ?> responses = asMap(operation.get("responses"));
            boolean logsOut = method.equals("delete") && path.startsWith("/api/sessions");
            String token = responses.containsKey("403") ? admin : customer;
            walk(api, method, path, operation, () -> logsOut ? Accounts.newSession() : token);
        }));
        assertThat(failures).as("%d of %d requests", failures.size(), sent).isEmpty();
        assertThat(sent).as("requests made from the document").isGreaterThan(150);
    }

    @Test
    void anOverLongUriOrHeaderIsItsStatusWithAProblem() {
        given().when().get("/api/products/" + "1".repeat(5_000))
                .then().statusCode(414).contentType(PROBLEM);
        given().header("X-Padding", "p".repeat(20_000)).when().get("/api/products/1")
                .then().statusCode(431).contentType(PROBLEM);
        given().header("X-Padding", "p".repeat(20_000)).when().get("/q/openapi")
                .then().statusCode(431).contentType(PROBLEM);
    }

    private void walk(JsonPath api, String method, String path, Map<String, Object> operation,
            Supplier<String> token) {
        List<Map<String, Object>> parameters = new ArrayList<>();
        if (operation.get("parameters") instanceof List<?> list) {
            list.forEach(parameter -> parameters.add(asMap(parameter)));
        }
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, String> requiredQuery = new LinkedHashMap<>();     // e.g. lat, lon and km of a store search
        for (Map<String, Object> parameter : parameters) {
            if ("path".equals(parameter.get("in"))) {
                pathValues.put((String) parameter.get("name"), validPathValue(parameter));
            } else if ("query".equals(parameter.get("in")) && Boolean.TRUE.equals(parameter.get("required"))) {
                requiredQuery.put((String) parameter.get("name"), String.valueOf(parameter.get("example")));
            }
        }
        Map<String, Object> body = requestBodySchema(api, operation)
                .map(schema -> validBody(api, schema)).orElse(null);

        send(method, path, pathValues, requiredQuery, body, token, null, "valid values");
        for (Map<String, Object> parameter : parameters) {
            String name = (String) parameter.get("name");
            for (Object hostile : hostileValues(asMap(parameter.get("schema")))) {
                if ("path".equals(parameter.get("in"))) {
                    Map<String, String> values = new LinkedHashMap<>(pathValues);
                    values.put(name, String.valueOf(hostile));
                    send(method, path, values, requiredQuery, body, token, name, name + "=" + printable(hostile));
                } else if ("query".equals(parameter.get("in"))) {
                    Map<String, String> query = new LinkedHashMap<>(requiredQuery);
                    query.put(name, String.valueOf(hostile));
                    send(method, path, pathValues, query, body, token, name, name + "=" + printable(hostile));
                }
            }
        }
        if (body != null) {
            Map<String, Object> properties = asMap(resolve(api, requestBodySchema(api, operation).orElseThrow())
                    .get("properties"));
            for (String field : properties.keySet()) {
                for (Object hostile : hostileValues(asMap(properties.get(field)))) {
                    Map<String, Object> changed = new LinkedHashMap<>(body);
                    changed.put(field, hostile);
                    send(method, path, pathValues, requiredQuery, changed, token, field,
                            field + "=" + printable(hostile));
                }
            }
        }
    }

    private void send(String method, String path, Map<String, String> pathValues, Map<String, String> query,
            Map<String, Object> body, Supplier<String> token, String hostileField, String variant) {
        StringBuilder uri = new StringBuilder(path);
        pathValues.forEach((name, value) -> {
            int at = uri.indexOf("{" + name + "}");
            uri.replace(at, at + name.length() + 2, encode(value));
        });
        query.forEach((name, value) -> uri.append(uri.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                .append(encode(value)));
        RequestSpecification request = given().urlEncodingEnabled(false).auth().oauth2(token.get());
        if (body != null) {
            try {
                request = request.contentType("application/json").body(JSON.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        Response response = request.request(method.toUpperCase(), uri.toString());
        sent++;
        String what = method.toUpperCase() + " " + path + " with " + variant + ": " + response.statusCode();
        if (response.statusCode() >= 500) {
            failures.add(what + " " + response.asString());
        } else if (response.statusCode() >= 400 && !String.valueOf(response.contentType()).startsWith(PROBLEM)) {
            failures.add(what + " without a problem body (" + response.contentType() + ")");
        } else if (response.statusCode() == 400 && hostileField != null
                && !response.jsonPath().getList("errors.field").contains(hostileField)) {
            failures.add(what + " does not name " + hostileField + ": " + response.asString());
        }
    }

    private static List<Object> hostileValues(Map<String, Object> schema) {
        String type = String.valueOf(schema.get("type"));
        return switch (type) {
            case "integer", "number" -> HOSTILE_NUMBERS;
            default -> HOSTILE_TEXT;                    // strings, and anything else gets text where it wants more
        };
    }

    private static String validPathValue(Map<String, Object> parameter) {
        Map<String, Object> schema = asMap(parameter.get("schema"));
        if ("uuid".equals(schema.get("format"))) {
            return UUID.randomUUID().toString();
        }
        if ("integer".equals(schema.get("type"))) {
            return "9000000001";                        // no such product: a valid request changes nothing
        }
        return "NO-SUCH-SKU-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private static Optional<Map<String, Object>> requestBodySchema(JsonPath api,
            Map<String, Object> operation) {
        if (!(operation.get("requestBody") instanceof Map<?, ?> requestBody)
                || !(requestBody.get("content") instanceof Map<?, ?> content)
                || !(content.get("application/json") instanceof Map<?, ?> json)) {
            return Optional.empty();
        }
        return Optional.of(asMap(json.get("schema")));
    }

    /** A valid body: each property's example, or a plain value of its type; unique where a duplicate would 409. */
    private static Map<String, Object> validBody(JsonPath api, Map<String, Object> schema) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> properties = asMap(resolve(api, schema).get("properties"));
        properties.forEach((name, value) -> {
            Map<String, Object> property = asMap(value);
            // OpenAPI 3.1 lists a property's examples ("examples": […]); 3.0 had one ("example").
            Object example = property.get("examples") instanceof List<?> examples && !examples.isEmpty()
                    ? examples.get(0) : property.get("example");
            body.put(name, switch (name) {
                case "email" -> Accounts.uniqueEmail();
                case "sku" -> Products.uniqueSku();
                case "password" -> Accounts.PASSWORD;
                default -> "date-time".equals(resolve(api, property).get("format"))
                        ? OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString()   // a window that has not ended
                        : example != null ? example : switch (String.valueOf(property.get("type"))) {
                    case "integer" -> 1;
                    case "number" -> 1.5;
                    case "boolean" -> true;
                    default -> "text";
                };
            });
        });
        return body;
    }

    private static Map<String, Object> resolve(JsonPath api, Map<String, Object> schema) {
        Object ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String name = ((String) ref).substring("#/components/schemas/".length());
        return api.getMap("components.schemas." + name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String printable(Object value) {
        String text = String.valueOf(value);
        text = text.length() > 20 ? text.substring(0, 20) + "…(" + text.length() + ")" : text;
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
