package org.acme.shop.http.validation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Products;
import org.junit.jupiter.api.Test;

/**
 * Names refuse every control character (C0, {@code DEL}, C1) and the bidi embeddings, overrides and isolates, which
 * make a name read otherwise than it is stored; names in any script, with the right-to-left marks they need, still
 * pass, and free text keeps its tabs and line feeds.
 */
@QuarkusTest
class NoControlCharactersTest {

    private static final List<String> REFUSED = List.of("Ada\u007F", "Ada\u0085", "\u009B31mAda", "Ada\u202Egnp.exe",
            "Ada\u202A", "\u2066Ada\u2069");

    private static ValidatableResponse register(String displayName) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", Accounts.uniqueEmail(), "password", Accounts.PASSWORD, "displayName", displayName))
                .when().post("/api/users").then();
    }

    @Test
    void aNameWithAControlOrBidiOverrideCharacterIsA400NamingTheField() {
        for (String name : REFUSED) {
            register(name).statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("displayName"));
        }
    }

    @Test
    void namesInAnyScriptWithTheirDirectionMarksAreStoredAsSent() {
        String name = "\u0639\u0627\u062F\u0644\u200F Ada L\u00F6velace \u674E";   // Arabic, RLM, Latin, Han
        register(name).statusCode(201).body("displayName", equalTo(name));
    }

    @Test
    void freeTextKeepsTabsAndLineFeedsButNotABidiIsolate() {
        Map<String, Object> body = new HashMap<>(Products.newBody());
        body.put("description", "Line one\n\tline two");
        Accounts.asAdmin().contentType(ContentType.JSON).body(body).when().post("/api/products")
                .then().statusCode(201).body("description", equalTo("Line one\n\tline two"));

        body.put("sku", Products.uniqueSku());
        body.put("description", "Line one\u2067 reversed");
        Accounts.asAdmin().contentType(ContentType.JSON).body(body).when().post("/api/products")
                .then().statusCode(400).body("errors[0].field", equalTo("description"));
    }
}
