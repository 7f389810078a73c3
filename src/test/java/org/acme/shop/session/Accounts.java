package org.acme.shop.session;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/** Registers users with unique emails and logs them in through the API. */
final class Accounts {

    static final String PASSWORD = "correct horse battery";

    private Accounts() {
    }

    static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.org";
    }

    static long register(String email) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "displayName", "Ada"))
                .when().post("/api/users")
                .then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    static String login(String email) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD))
                .when().post("/api/sessions")
                .then().statusCode(201)
                .extract().jsonPath().getString("token");
    }

    static String newSession() {
        String email = uniqueEmail();
        register(email);
        return login(email);
    }
}
