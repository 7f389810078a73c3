package org.acme.shop.inventory;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Products;

/** Arranges inventory tests through the public API, each on a product of its own. */
public final class Stocks {

    private Stocks() {
    }

    /** Creates a product with a unique sku through the catalog API and returns the sku. */
    public static String newProduct() {
        return Products.createSku();
    }

    /** Creates a product and sets its available stock; the stock row then has version 1. */
    public static String newProductWithStock(int available) {
        String sku = newProduct();
        setAvailable(sku, available).statusCode(200);
        return sku;
    }

    public static ValidatableResponse setAvailable(String sku, int available) {
        return Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("available", available))
                .when().put("/api/inventory/" + sku)
                .then();
    }

    public static ValidatableResponse reserve(String sku, int quantity) {
        return Accounts.asCustomer().contentType(ContentType.JSON).body(Map.of("quantity", quantity))
                .when().post("/api/inventory/" + sku + "/reservations")
                .then();
    }

    /** Reserves and returns the new reservation's id. */
    public static String reserved(String sku, int quantity) {
        return reserve(sku, quantity).statusCode(201).extract().jsonPath().getString("id");
    }
}
