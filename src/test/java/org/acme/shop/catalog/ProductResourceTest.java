package org.acme.shop.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Products;
import org.junit.jupiter.api.Test;

/** The product API's contract: CRUD, paging and every error path, each answered with a problem body. */
@QuarkusTest
class ProductResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void createReturns201WithLocationAndTheStoredProduct() {
        String sku = Products.uniqueSku();
        var response = Accounts.asAdmin().contentType(ContentType.JSON)
                .body(Products.body(sku, "Ferro Pro cast-iron skillet", "59.90", "Kitchen"))
                .when().post("/api/products")
                .then().statusCode(201)
                .header("Location", containsString("/api/products/"))
                .body("sku", equalTo(sku))
                .body("price", equalTo(59.90f))
                .body("createdAt", notNullValue())
                .extract();
        long id = response.jsonPath().getLong("id");
        given().when().get(response.header("Location"))
                .then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("name", equalTo("Ferro Pro cast-iron skillet"))
                .body("createdAt", equalTo(response.jsonPath().getString("createdAt")));
    }

    @Test
    void replaceChangesEveryFieldAndDeleteRemovesTheProduct() {
        long id = Products.create();
        String sku = Products.uniqueSku();
        Accounts.asAdmin().contentType(ContentType.JSON).body(Products.body(sku, "Renamed", "5.00", "Office"))
                .when().put("/api/products/" + id)
                .then().statusCode(200)
                .body("sku", equalTo(sku)).body("name", equalTo("Renamed")).body("category", equalTo("Office"));
        given().when().get("/api/products/" + id).then().statusCode(200).body("name", equalTo("Renamed"));

        Accounts.asAdmin().when().delete("/api/products/" + id).then().statusCode(204);
        given().when().get("/api/products/" + id).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void unknownIdsAre404ProblemsForReadUpdateAndDelete() {
        long unknown = 9_000_000_000L;
        given().when().get("/api/products/" + unknown)
                .then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404)).body("title", equalTo("Not Found"))
                .body("detail", containsString(String.valueOf(unknown)));
        Accounts.asAdmin().contentType(ContentType.JSON).body(Products.newBody())
                .when().put("/api/products/" + unknown)
                .then().statusCode(404).contentType(PROBLEM);
        Accounts.asAdmin().when().delete("/api/products/" + unknown).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void duplicateSkuIs409OnCreateAndOnReplace() {
        Map<String, Object> first = Products.newBody();
        Products.create(first);
        Accounts.asAdmin().contentType(ContentType.JSON).body(first)
                .when().post("/api/products")
                .then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString((String) first.get("sku")));

        long other = Products.create();
        Accounts.asAdmin().contentType(ContentType.JSON).body(first)
                .when().put("/api/products/" + other)
                .then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void validationErrorsAre400ProblemsNamingEachField() {
        Map<String, Object> bad = new HashMap<>(Map.of("sku", "has spaces", "name", "", "price", "-1", "category", "Kitchen"));
        Accounts.asAdmin().contentType(ContentType.JSON).body(bad)
                .when().post("/api/products")
                .then().statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Validation failed"))
                .body("errors.field", hasItems("sku", "name", "price"))
                .body("errors.field", not(hasItem("category")));

        bad.put("price", "1.999");
        bad.remove("category");
        Accounts.asAdmin().contentType(ContentType.JSON).body(bad)
                .when().post("/api/products")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItems("price", "category"));
    }

    @Test
    void malformedJsonAndWrongTypesAre400NotServerErrors() {
        Accounts.asAdmin().contentType(ContentType.JSON).body("{\"sku\": \"A-1\", \"name\": ")
                .when().post("/api/products")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("not valid JSON"))
                .body(not(containsString("at org.")));

        Accounts.asAdmin().contentType(ContentType.JSON)
                .body("{\"sku\":\"A-2\",\"name\":\"x\",\"price\":\"cheap\",\"category\":\"Kitchen\"}")
                .when().post("/api/products")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("price"));

        Accounts.asAdmin().contentType(ContentType.JSON).body("")
                .when().post("/api/products")
                .then().statusCode(400).contentType(PROBLEM);

        // A path parameter that is no number, or one past the column's range (bigint), is the client's mistake:
        // 400 naming it, not JAX-RS's 404.
        for (String id : new String[] {"not-a-number", "99999999999999999999"}) {
            given().when().get("/api/products/" + id)
                    .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("id"));
        }
    }

    @Test
    void listingIsPagedNewestFirstAndFiltersByCategory() {
        String category = "Listing " + Products.uniqueSku();
        long older = Products.create(Products.body(Products.uniqueSku(), "older", "1.00", category));
        long newer = Products.create(Products.body(Products.uniqueSku(), "newer", "2.00", category));

        given().queryParam("category", category).queryParam("size", 1)
                .when().get("/api/products")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo((int) newer))
                .body("totalItems", equalTo(2)).body("totalPages", equalTo(2));
        given().queryParam("category", category.toUpperCase()).queryParam("size", 1).queryParam("page", 1)
                .when().get("/api/products")
                .then().statusCode(200)
                .body("items[0].id", equalTo((int) older));

        given().when().get("/api/products")
                .then().statusCode(200)
                .body("size", equalTo(20)).body("page", equalTo(0))
                .body("items", hasSize(20))
                .body("totalItems", greaterThanOrEqualTo(1000));
    }

    @Test
    void pageSizeOutsideOneToHundredIs400() {
        for (String size : List.of("0", "101", "-5")) {
            given().queryParam("size", size)
                    .when().get("/api/products")
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("errors.field", hasItem("size"));
        }
        given().queryParam("page", "-1").when().get("/api/products")
                .then().statusCode(400).body("errors.field", hasItem("page"));
    }

    @Test
    void sampleCatalogHasTenCategoriesOfAHundredProducts() {
        given().when().get("/api/categories")
                .then().statusCode(200)
                .body("name", hasItems("Books", "Electronics", "Garden", "Home", "Kitchen", "Office", "Pets",
                        "Sports", "Toys", "Beauty"))
                .body("find { it.name == 'Books' }.products", equalTo(100))
                .body("products", everyItem(greaterThanOrEqualTo(1)));
    }

    @Test
    void rootRedirectsToSwaggerUi() {
        given().redirects().follow(false)
                .when().get("/")
                .then().statusCode(303)
                .header("Location", endsWith("/q/swagger-ui"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
        given().when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("paths.'/api/products/{id}'.get.summary", equalTo("Get one product"))
                .body("components.schemas.Product.properties.price.examples[0]", notNullValue())
                .body("paths.'/api/products'.post.description", not(nullValue()));
    }
}
