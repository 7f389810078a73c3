package org.acme.shop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Every answer that a {@code @QuarkusTest} receives through RestAssured from {@code /api/…} is checked against the
 * OpenAPI document that the same application serves at {@code /q/openapi} ({@link OpenApiContract}): a test fails on
 * a response the document does not describe, so the document cannot drift from the code. Other paths (Swagger UI, the
 * document itself, and the management port's health and metrics) are not part of the API and are skipped.
 * <p>
 * Quarkus calls it before each test class and each test ({@code META-INF/services}), in the application's class
 * loader, where it adds itself to RestAssured's global filters once. With {@code -Dopenapi.responses=report} the
 * violations are appended to {@code target/openapi-violations.txt} instead of failing the test: one run then lists
 * every lie of the document at once.
 * <p>
 * An application that serves no document ({@code /q/openapi} answers {@code 404}: the prod profile's default) has
 * nothing to be checked against: its answers pass unchecked. So no test profile switches the document off; the
 * packaged jar shows the prod profile's switch ({@code ApiDocumentationSwitchIT}).
 */
public class ResponsesMatchOpenApi implements Filter, QuarkusTestBeforeClassCallback, QuarkusTestBeforeEachCallback {

    private static final Path REPORT = Path.of("target", "openapi-violations.txt");
    /** The document of each running application, by scheme, host and port; read again for every test class. */
    private static final Map<String, Optional<OpenApiContract>> DOCUMENTS = new ConcurrentHashMap<>();
    /** HTTP/1.1 as RestAssured speaks it: the JDK client's default, an upgrade to HTTP/2, is not what is tested. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** For the report: which test asked. */
    private static volatile String currentTest = "";

    @Override
    public void beforeClass(Class<?> testClass) {
        DOCUMENTS.clear();
        currentTest = testClass.getSimpleName();
        install();
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        currentTest = context.getTestInstance().getClass().getSimpleName() + "." + context.getTestMethod().getName();
        install();
    }

    private static synchronized void install() {
        if (RestAssured.filters().stream().noneMatch(ResponsesMatchOpenApi.class::isInstance)) {
            RestAssured.filters(new ResponsesMatchOpenApi());
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        String uri = request.getURI();
        int pathStart = uri.indexOf('/', uri.indexOf("://") + 3);
        String origin = uri.substring(0, pathStart);
        String path = uri.substring(pathStart).replaceFirst("[?#].*", "");
        if (!path.startsWith("/api/")) {
            return response;
        }
        Optional<OpenApiContract> document = DOCUMENTS.computeIfAbsent(origin, ResponsesMatchOpenApi::read);
        if (document.isEmpty()) {
            return response;
        }
        List<String> violations = document.get().violations(
                request.getMethod(), path, response.statusCode(), response.contentType(), response.asString());
        if (!violations.isEmpty()) {
            String what = request.getMethod() + " " + uri.substring(pathStart) + " answered " + response.statusCode()
                    + " " + response.contentType() + ", which the OpenAPI document does not describe:\n  "
                    + String.join("\n  ", violations) + "\n  body: " + abbreviate(response.asString());
            if ("report".equals(System.getProperty("openapi.responses", System.getenv("OPENAPI_RESPONSES")))) {
                report(currentTest + ": " + what);
            } else {
                throw new AssertionError(what);
            }
        }
        return response;
    }

    private static Optional<OpenApiContract> read(String origin) {
        try {
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(URI.create(origin + "/q/openapi?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 404) {
                return Optional.empty();                      // switched off: nothing to check against
            }
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(origin + "/q/openapi answered " + answer.statusCode());
            }
            return Optional.of(new OpenApiContract(answer.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void report(String violation) {
        try {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, violation + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 400 ? body.substring(0, 400) + "…" : body;
    }
}
