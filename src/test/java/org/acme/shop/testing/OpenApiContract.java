package org.acme.shop.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

/**
 * What an OpenAPI 3.1 document promises about one response, and whether a response keeps it: an operation for the path
 * and method, the status among its responses, the content type among that response's media types, and a body that its
 * schema accepts ({@code $ref}s resolved against the document's components, formats such as {@code date-time}
 * asserted). {@code default} stands for refusals and failures only (4xx and 5xx): a success is declared by its own
 * code, so that a 200 where the document says 201 is caught.
 */
public final class OpenApiContract {

    /** Where the document is registered for the schema library; a name, never fetched. */
    private static final String DOCUMENT_IRI = "https://catalog-cache.test/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final SchemaRegistry schemas;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    public OpenApiContract(String documentJson) {
        try {
            this.document = JSON.readTree(documentJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The OpenAPI document is not JSON", e);
        }
        String version = document.path("openapi").asText();
        if (!version.startsWith("3.1")) {
            throw new IllegalArgumentException("Expected an OpenAPI 3.1 document, got '" + version + "'");
        }
        this.schemas = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT_IRI, documentJson)));
    }

    /**
     * What is wrong with one response, or nothing.
     *
     * @param path the request's path without its query, as sent (not decoded)
     * @param contentType the {@code Content-Type} header, or null or empty when there was none
     */
    public List<String> violations(String method, String path, int status, String contentType, String body) {
        List<String> found = new ArrayList<>();
        String template = template(path);
        if (template == null) {
            if (status != 404) {
                found.add("no path of the document matches " + path);
            }
            return found;
        }
        String verb = method.toLowerCase(Locale.ROOT);
        JsonNode operation = document.path("paths").path(template).path(verb);
        if (operation.isMissingNode()) {
            if (status != 405) {
                found.add("the document has no " + method.toUpperCase(Locale.ROOT) + " " + template);
            }
            return found;
        }
        String code = declaredStatus(operation.path("responses"), status);
        if (code == null) {
            found.add("status " + status + " is not declared for " + verb + " " + template + " (declared: "
                    + names(operation.path("responses")) + ")");
            return found;
        }
        JsonNode response = resolve(operation.path("responses").path(code));
        JsonNode content = response.path("content");
        boolean declaresBody = content.isObject() && !content.isEmpty();
        boolean hasBody = body != null && !body.isEmpty() && !"head".equals(verb);
        if (!hasBody) {
            if (declaresBody && !"head".equals(verb)) {
                found.add("response " + code + " declares a body (" + names(content) + "), the answer has none");
            }
            return found;
        }
        if (!declaresBody) {
            found.add("response " + code + " declares no body, the answer has one (" + contentType + ")");
            return found;
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        String declared = declaredMediaType(content, mediaType);
        if (declared == null) {
            found.add("content type '" + mediaType + "' is not declared for " + code + " (declared: " + names(content)
                    + ")");
            return found;
        }
        JsonNode schema = content.path(declared).path("schema");
        if (schema.isMissingNode() || !(mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
            return found;
        }
        String pointer = "/paths/" + escape(template) + "/" + verb + "/responses/" + code + "/content/"
                + escape(declared) + "/schema";
        Schema validator = compiled.computeIfAbsent(pointer,
                p -> schemas.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + p)));
        validator.validate(body, InputFormat.JSON,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)))
                .forEach(error -> found.add("body: " + error));
        return found;
    }

    /** The path template of the document that matches, literal segments preferred over parameters. */
    private String template(String path) {
        String[] segments = path.split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext();) {
            String candidate = it.next();
            String[] parts = candidate.split("/", -1);
            if (parts.length != segments.length) {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                    matches = !segments[i].isEmpty();
                } else if (parts[i].equals(segments[i])) {
                    literals++;
                } else {
                    matches = false;
                }
            }
            if (matches && literals > bestLiterals) {
                best = candidate;
                bestLiterals = literals;
            }
        }
        return best;
    }

    private static String declaredStatus(JsonNode responses, int status) {
        String exact = Integer.toString(status);
        if (responses.has(exact)) {
            return exact;
        }
        String range = (status / 100) + "XX";
        if (responses.has(range)) {
            return range;
        }
        return status >= 400 && responses.has("default") ? "default" : null;
    }

    private static String declaredMediaType(JsonNode content, String mediaType) {
        if (content.has(mediaType)) {
            return mediaType;
        }
        String anySubtype = mediaType.contains("/") ? mediaType.substring(0, mediaType.indexOf('/')) + "/*" : null;
        if (anySubtype != null && content.has(anySubtype)) {
            return anySubtype;
        }
        return content.has("*/*") ? "*/*" : null;
    }

    /** A response given as {@code $ref: '#/components/responses/…'} is looked up in the document. */
    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText("");
        return ref.startsWith("#/") ? document.at(ref.substring(1)) : node;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }
}
