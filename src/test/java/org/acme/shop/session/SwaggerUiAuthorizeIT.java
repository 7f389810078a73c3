package org.acme.shop.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import org.acme.shop.http.SecuritySchemes;
import org.acme.shop.testing.PackagedApp;
import org.junit.jupiter.api.Test;

/**
 * What the API documentation promises, in a real browser against the packaged jar: in Swagger UI a user logs in,
 * presses Authorize with the token, and an admin-only call succeeds. Playwright drives the distribution's Chromium
 * ({@code apt-get install chromium}, which {@code bin/local-services} does; {@code CHROMIUM_PATH} names another one): browser
 * downloads are not reachable from the build machines.
 */
class SwaggerUiAuthorizeIT {

    private static final String ADMIN_EMAIL = "swagger-admin@example.org";
    private static final String ADMIN_PASSWORD = "local-browser-test-only";    // a local value, not a secret
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");

    @Test
    void anAdminLogsInAuthorizesWithTheTokenAndCreatesAProduct() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        assertThat(Files.isExecutable(chromium)).as("%s: apt-get install chromium (bin/local-services does)", chromium).isTrue();

        Map<String, String> environment = PackagedApp.testServers();
        environment.put("SHOP_ADMIN_EMAIL", ADMIN_EMAIL);
        environment.put("SHOP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        environment.put("QUARKUS_SWAGGER_UI_ENABLED", "true");     // the prod profile's switch: off by default

        try (PackagedApp app = PackagedApp.start("swagger-ui-it", PackagedApp.withoutAddressLimits(environment));
                Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(chromium).setHeadless(true));
                BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(app.uri("/q/swagger-ui/").toString());

            // 1. Log in: POST /api/sessions, "Try it out", the credentials, Execute.
            Locator login = operation(page, "Sessions", "login");
            Response loggedIn = execute(page, login, """
                    {"email": "%s", "password": "%s"}""".formatted(ADMIN_EMAIL, ADMIN_PASSWORD), "/api/sessions");
            assertThat(loggedIn.status()).isEqualTo(201);
            Matcher token = TOKEN.matcher(loggedIn.text());
            assertThat(token.find()).as(loggedIn.text()).isTrue();

            // The login also set the session cookie; drop it, so that only the pasted token can authorize the call.
            context.clearCookies();
            String sku = "SWAGGER-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            String product = """
                    {"sku": "%s", "name": "Kettle made in Swagger UI", "price": 12.5, "category": "Kitchen"}"""
                    .formatted(sku);
            Locator create = operation(page, "Products", "createProduct");
            assertThat(execute(page, create, product, "/api/products").status()).as("not authorized yet").isEqualTo(401);

            // 2. Authorize: paste the token into the bearer scheme.
            page.locator("button.authorize").first().click();
            Locator bearer = page.locator(".auth-container").filter(new Locator.FilterOptions()
                    .setHasText(SecuritySchemes.BEARER));
            bearer.locator("input").fill(token.group(1));
            bearer.locator("button.authorize").click();
            page.locator("button.btn-done").first().click();                  // close the dialog

            // 3. The admin-only call now succeeds from the browser.
            Response created = execute(page, create, product, "/api/products");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(created.text()).contains(sku);
            create.locator(".live-responses-table tbody .response-col_status",                 // Swagger UI shows it
                    new Locator.LocatorOptions().setHasText("201")).first().waitFor();
        }
    }

    /** Expands one operation of Swagger UI, found by its tag and operationId, and returns its block. */
    private static Locator operation(Page page, String tag, String operationId) {
        Locator block = page.locator("#operations-" + tag + "-" + operationId);
        block.locator(".opblock-summary").first().click();
        return block;
    }

    /** Fills the request body of an expanded operation, presses Execute and returns the HTTP response it sent. */
    private static Response execute(Page page, Locator operation, String body, String path) {
        Locator tryItOut = operation.locator("button.try-out__btn", new Locator.LocatorOptions().setHasText("Try it out"));
        if (tryItOut.count() > 0) {                                  // the first time only: then it reads "Cancel"
            tryItOut.click();
        }
        operation.locator("textarea.body-param__text").fill(body);
        return page.waitForResponse(response -> response.url().endsWith(path) && "POST".equals(response.request().method()),
                () -> operation.locator("button.execute").click());
    }
}
