package org.acme.shop.catalog;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/** Builds request bodies with unique skus, so tests never depend on one another's data. */
final class Products {

    private Products() {
    }

    static String uniqueSku() {
        return "TEST-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
    }

    static Map<String, Object> body(String sku, String name, String price, String category) {
        return Map.of("sku", sku, "name", name, "description", "made by a test", "price", price, "category", category);
    }

    static Map<String, Object> newBody() {
        return body(uniqueSku(), "Test kettle", "19.99", "Kitchen");
    }

    /** Creates a product through the API and returns its id. */
    static long create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/products")
                .then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    static long create() {
        return create(newBody());
    }
}
