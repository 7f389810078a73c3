package org.acme.shop.inventory;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Arranges inventory tests through the public API, each on a product of its own. */
final class Stocks {

    private Stocks() {
    }

    /** Creates a product with a unique sku through the catalog API and returns the sku. */
    static String newProduct() {
        String sku = "INV-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
        given().contentType(ContentType.JSON)
                .body(Map.of("sku", sku, "name", "Stocked kettle", "price", "19.99", "category", "Kitchen"))
                .when().post("/api/products")
                .then().statusCode(201);
        return sku;
    }

    /** Creates a product and sets its available stock; the stock row then has version 1. */
    static String newProductWithStock(int available) {
        String sku = newProduct();
        setAvailable(sku, available).statusCode(200);
        return sku;
    }

    static ValidatableResponse setAvailable(String sku, int available) {
        return given().contentType(ContentType.JSON).body(Map.of("available", available))
                .when().put("/api/inventory/" + sku)
                .then();
    }

    static ValidatableResponse reserve(String sku, int quantity) {
        return given().contentType(ContentType.JSON).body(Map.of("quantity", quantity))
                .when().post("/api/inventory/" + sku + "/reservations")
                .then();
    }

    /** Reserves and returns the new reservation's id. */
    static String reserved(String sku, int quantity) {
        return reserve(sku, quantity).statusCode(201).extract().jsonPath().getString("id");
    }
}
