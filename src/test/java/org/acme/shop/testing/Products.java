package org.acme.shop.testing;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/** Creates products through the API as the admin, with unique skus, so tests never depend on one another's data. */
public final class Products {

    private Products() {
    }

    public static String uniqueSku() {
        return "TEST-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
    }

    public static Map<String, Object> body(String sku, String name, String price, String category) {
        return Map.of("sku", sku, "name", name, "description", "made by a test", "price", price, "category", category);
    }

    public static Map<String, Object> newBody() {
        return body(uniqueSku(), "Test kettle", "19.99", "Kitchen");
    }

    /** Creates a product through the API and returns its id. */
    public static long create(Map<String, Object> body) {
        return Accounts.asAdmin().contentType(ContentType.JSON).body(body)
                .when().post("/api/products")
                .then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    public static long create() {
        return create(newBody());
    }

    /** Creates a product with a unique sku and returns the sku. */
    public static String createSku() {
        String sku = uniqueSku();
        create(body(sku, "Test kettle", "19.99", "Kitchen"));
        return sku;
    }
}
