package org.acme.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.acme.shop.testing.PackagedApp;
import org.junit.jupiter.api.Test;

/**
 * Starts the packaged jar in the prod profile with exactly the environment variables that docker-compose.yml gives
 * the app container, and checks readiness and one product round trip. This catches a configuration name that only
 * the container would use (a typo there is silently ignored by Quarkus).
 * <p>
 * The names are kept as they are. Only values that point at the compose network are swapped for the local services
 * that the test run uses (the ones .ci/run exports): the JDBC URL, user and password, and the two Redis URLs (the
 * cache and the persistent role), which also drop the compose user and password because the local Redis has none. The admin account is the test's own (the user of
 * compose chooses theirs): the product is created by that admin, which also proves the prod bootstrap works.
 */
class ComposeSmokeIT {

    private static final String ADMIN_EMAIL = "smoke-admin@example.org";
    private static final String ADMIN_PASSWORD = "local-smoke-test-only";   // a local value, not a secret
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void thePackagedJarStartsWithTheComposeEnvironmentAndServesAProduct() throws Exception {
        Map<String, String> compose = new LinkedHashMap<>();
        DeploymentFiles.read(DeploymentFiles.COMPOSE).path("services").path("app").path("environment").properties()
                .forEach(e -> compose.put(e.getKey(), withDefaults(e.getValue().asText())));
        assertThat(compose).containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_REDIS_HOSTS");

        Map<String, String> local = new LinkedHashMap<>(compose);
        for (String pointsAtCompose : new String[] {"QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_REDIS_HOSTS"}) {
            local.put(pointsAtCompose, required(pointsAtCompose));
        }
        // Compose's second Redis, the persistent role: the local one here too (it has no ACL user).
        assertThat(compose).containsKey("QUARKUS_REDIS_SESSIONS_HOSTS");
        local.put("QUARKUS_REDIS_SESSIONS_HOSTS", required("QUARKUS_REDIS_HOSTS"));
        local.put("SHOP_ADMIN_EMAIL", ADMIN_EMAIL);
        local.put("SHOP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        try (PackagedApp app = PackagedApp.start("compose-smoke", PackagedApp.withoutAddressLimits(local))) {
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(app.uri("/api/sessions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"email":"%s","password":"%s"}""".formatted(ADMIN_EMAIL, ADMIN_PASSWORD)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).as("the prod profile's cookie")
                    .contains("Secure", "HttpOnly", "SameSite=Lax").doesNotContain("Version");
            Matcher token = TOKEN.matcher(login.body());
            assertThat(token.find()).as(login.body()).isTrue();

            String sku = "SMOKE-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(app.uri("/api/products"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token.group(1))
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"sku":"%s","name":"Smoke test kettle","price":"9.99","category":"Kitchen"}""".formatted(sku)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            URI location = app.uri(created.headers().firstValue("Location").orElseThrow());

            HttpResponse<String> first = http.send(HttpRequest.newBuilder(location).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(location).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).contains(sku);
            assertThat(first.headers().firstValue("X-Cache")).contains("MISS");
            assertThat(second.headers().firstValue("X-Cache")).as("the cache works in prod").contains("HIT");
        }
    }

    /** Resolves ${VAR:-default} as compose does when VAR is not set. */
    private static String withDefaults(String value) {
        Matcher m = DEFAULTED.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(System.getenv().getOrDefault(m.group(1), m.group(2))));
        }
        return m.appendTail(out).toString();
    }

    private static String required(String name) {
        String value = System.getenv(name);
        assertThat(value).as("%s must point at the local service (see .ci/run)", name).isNotBlank();
        return value;
    }
}
