package org.acme.shop.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.logging.Logger;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.CapturedLogs;
import org.junit.jupiter.api.Test;

/**
 * No log line carries an email or a session token: not the duplicate registration (PostgreSQL's unique-key message
 * quotes the address), not a failed login, not a tampered token, not a logout.
 */
@QuarkusTest
class NoPersonalDataInLogsTest {

    @Test
    void registrationLoginAndLogoutLogNeitherTheEmailNorTheToken() {
        String email = Accounts.uniqueEmail();
        String localPart = email.substring(0, email.indexOf('@'));
        String token;
        try (CapturedLogs logs = CapturedLogs.start()) {
            Logger.getLogger(NoPersonalDataInLogsTest.class.getName()).warning("capture works");
            Accounts.register(email);
            given().contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", Accounts.PASSWORD, "displayName", "Twin"))
                    .when().post("/api/users").then().statusCode(409);
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "not the password"))
                    .when().post("/api/sessions").then().statusCode(401);
            token = Accounts.login(email);
            Accounts.as(token).when().get("/api/users/me").then().statusCode(200);
            Accounts.as(token.substring(1) + "A").when().get("/api/users/me").then().statusCode(401);
            Accounts.as(token).when().delete("/api/sessions/current").then().statusCode(204);
            Accounts.as(token).when().get("/api/users/me").then().statusCode(401);

            assertThat(logs.lines()).anyMatch(line -> line.contains("capture works"));
            assertThat(logs.lines()).noneMatch(line -> line.contains(localPart))
                    .noneMatch(line -> line.contains(token));
        }
    }
}
