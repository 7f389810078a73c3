package org.acme.shop.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Products;
import org.junit.jupiter.api.Test;

/**
 * Who may do what (the table of {@code docs/security.md}): reads are public, catalog and stock writes need the
 * {@code admin} role; no session is {@code 401}, the wrong role {@code 403}, both as problem bodies.
 */
@QuarkusTest
class AccessTest {

    private static final String PROBLEM = "application/problem+json";

    private static RequestSpecification json(RequestSpecification request, Object body) {
        return request.contentType(ContentType.JSON).body(body);
    }

    @Test
    void anonymousWritesAre401ProblemsWithABearerChallenge() {
        long id = Products.create();
        String sku = Products.createSku();
        json(given(), Products.newBody()).when().post("/api/products")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401)).body("detail", containsString("Log in first"));
        json(given(), Products.newBody()).when().put("/api/products/" + id).then().statusCode(401).contentType(PROBLEM);
        given().when().delete("/api/products/" + id).then().statusCode(401).contentType(PROBLEM);
        json(given(), Map.of("available", 5)).when().put("/api/inventory/" + sku).then().statusCode(401).contentType(PROBLEM);
        given().when().get("/api/products/" + id).then().statusCode(200);                 // nothing was deleted
    }

    @Test
    void customerWritesAre403Problems() {
        RequestSpecification customer = Accounts.as(Accounts.newSession());
        long id = Products.create();
        String sku = Products.createSku();
        json(customer, Products.newBody()).when().post("/api/products")
                .then().statusCode(403).contentType(PROBLEM).body("status", equalTo(403));
        json(customer, Products.newBody()).when().put("/api/products/" + id).then().statusCode(403).contentType(PROBLEM);
        customer.when().delete("/api/products/" + id).then().statusCode(403).contentType(PROBLEM);
        json(customer, Map.of("available", 5)).when().put("/api/inventory/" + sku).then().statusCode(403).contentType(PROBLEM);
        given().when().get("/api/products/" + id).then().statusCode(200);
    }

    @Test
    void adminWritesSucceedByBearerTokenOrCookie() {
        long id = Products.create();                                                     // POST as admin: 201
        String sku = Products.createSku();
        json(Accounts.asAdmin(), Products.body(Products.uniqueSku(), "Renamed by the admin", "3.00", "Home"))
                .when().put("/api/products/" + id).then().statusCode(200).body("name", equalTo("Renamed by the admin"));
        json(given().cookie("__Host-SESSION", Accounts.admin()), Map.of("available", 7))
                .when().put("/api/inventory/" + sku).then().statusCode(200).body("available", equalTo(7));
        Accounts.asAdmin().when().delete("/api/products/" + id).then().statusCode(204);
    }

    /** What a form posted from another page can send: the cookie, but never a JSON content type. */
    @Test
    void aCookieSignsAWriteInOnlyWithAJsonBody() {
        String admin = Accounts.admin();
        String sku = Products.createSku();
        for (RequestSpecification form : new RequestSpecification[] {
                given().formParam("available", 7),
                given().multiPart("available", "7"),
                given().contentType("text/plain").body("{\"available\":7}")}) {
            form.cookie("__Host-SESSION", admin).when().put("/api/inventory/" + sku)
                    .then().statusCode(415).contentType(PROBLEM);
        }
        given().cookie("__Host-SESSION", admin).when().put("/api/inventory/" + sku).then().statusCode(415);
        given().when().get("/api/inventory/" + sku).then().statusCode(200).body("available", not(equalTo(7)));

        String customer = Accounts.newSession();
        long product = Products.create();
        given().cookie("__Host-SESSION", customer).contentType("text/plain").body("{\"quantity\":1}")
                .when().put("/api/cart/items/" + product).then().statusCode(415).contentType(PROBLEM);
        given().cookie("__Host-SESSION", customer).contentType("application/json; charset=UTF-8").body(Map.of("quantity", 1))
                .when().put("/api/cart/items/" + product).then().statusCode(200);
        given().cookie("__Host-SESSION", customer).when().delete("/api/cart/items/" + product).then().statusCode(204);

        // A write without a body, which no @Consumes guards: a form posted to it still cannot sign in by the cookie.
        json(Accounts.asAdmin(), Map.of("available", 5)).when().put("/api/inventory/" + sku).then().statusCode(200);
        String reservation = json(given().cookie("__Host-SESSION", customer), Map.of("quantity", 1))
                .when().post("/api/inventory/" + sku + "/reservations").then().statusCode(201)
                .extract().path("id");
        given().cookie("__Host-SESSION", customer).formParam("confirm", "yes")
                .when().post("/api/inventory/reservations/" + reservation + "/confirm").then().statusCode(415);
        given().cookie("__Host-SESSION", customer).when().get("/api/inventory/reservations/" + reservation)
                .then().statusCode(200).body("status", equalTo("HELD"));
        given().cookie("__Host-SESSION", customer).contentType("application/json")
                .when().post("/api/inventory/reservations/" + reservation + "/confirm")
                .then().statusCode(200).body("status", equalTo("CONFIRMED"));
    }

    @Test
    void readsArePublicAndIgnoreABadToken() {
        long id = Products.create();
        String sku = Products.createSku();
        for (RequestSpecification anyone : new RequestSpecification[] {given(), given().auth().oauth2("A".repeat(43))}) {
            anyone.when().get("/api/products/" + id).then().statusCode(200);
        }
        given().auth().oauth2("expired-or-forged").when().get("/api/products?size=1").then().statusCode(200);
        given().cookie("__Host-SESSION", "forged").when().get("/api/categories").then().statusCode(200);
        given().when().get("/api/inventory/" + sku).then().statusCode(200);
    }

    @Test
    void aBadTokenOnAProtectedRouteIs401NotAnonymous() {
        json(given().auth().oauth2("A".repeat(43)), Products.newBody()).when().post("/api/products")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("expired or does not exist"));
        json(given().header("Authorization", "Basic " + Accounts.admin()), Products.newBody())
                .when().post("/api/products")
                .then().statusCode(401).contentType(PROBLEM).body("detail", containsString("bearer"));
    }
}
