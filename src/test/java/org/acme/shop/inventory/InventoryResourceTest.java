package org.acme.shop.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.acme.shop.testing.Accounts;
import org.junit.jupiter.api.Test;

/** The inventory API's contract: stock, reservations, releases and every error path, checked against PostgreSQL. */
@QuarkusTest
class InventoryResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    StockRows rows;

    @Test
    void firstPutCreatesTheStockAndEveryLaterPutAddsOneToTheVersion() {
        String sku = Stocks.newProduct();
        assertThat(rows.row(sku)).isNull();

        Stocks.setAvailable(sku, 12).statusCode(200)
                .body("sku", equalTo(sku)).body("available", equalTo(12)).body("reserved", equalTo(0))
                .body("version", equalTo(1));
        Stocks.setAvailable(sku, 7).statusCode(200).body("available", equalTo(7)).body("version", equalTo(2));

        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 7, 0, 2));
    }

    @Test
    void aProductWhoseStockWasNeverSetHasNoneAndCannotBeReserved() {
        String sku = Stocks.newProduct();
        given().when().get("/api/inventory/" + sku)
                .then().statusCode(200)
                .body("available", equalTo(0)).body("reserved", equalTo(0)).body("version", equalTo(0));
        Stocks.reserve(sku, 1).statusCode(409).contentType(PROBLEM);
        assertThat(rows.row(sku)).as("a rejected reservation creates no row").isNull();
    }

    @Test
    void aReservationTakesStockAndAnswers201WithLocation() {
        String sku = Stocks.newProductWithStock(5);

        var created = Stocks.reserve(sku, 2).statusCode(201)
                .header("Location", containsString("/api/inventory/reservations/"))
                .body("id", notNullValue()).body("sku", equalTo(sku)).body("quantity", equalTo(2))
                .body("status", equalTo("HELD")).body("createdAt", notNullValue()).body("releasedAt", nullValue())
                .extract();

        Accounts.asCustomer().when().get(created.header("Location"))
                .then().statusCode(200)
                .body("id", equalTo(created.jsonPath().getString("id")))
                .body("createdAt", equalTo(created.jsonPath().getString("createdAt")));
        given().when().get("/api/inventory/" + sku)
                .then().statusCode(200)
                .body("available", equalTo(3)).body("reserved", equalTo(2)).body("version", equalTo(2));
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 3, 2, 2));
    }

    @Test
    void shortStockIsA409ProblemAndChangesNothing() {
        String sku = Stocks.newProductWithStock(2);
        Stocks.reserve(sku, 3).statusCode(409).contentType(PROBLEM)
                .body("status", equalTo(409)).body("detail", containsString(sku));
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 2, 0, 1));
        assertThat(rows.reservations(sku)).isZero();

        Stocks.reserve(sku, 2).statusCode(201);
        Stocks.reserve(sku, 1).statusCode(409);
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 0, 2, 2));
    }

    @Test
    void releaseReturnsTheStockExactlyOnce() {
        String sku = Stocks.newProductWithStock(5);
        String id = Stocks.reserved(sku, 2);
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 3, 2, 2));

        Accounts.asCustomer().when().delete("/api/inventory/reservations/" + id).then().statusCode(204);
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 5, 0, 3));

        Accounts.asCustomer().when().delete("/api/inventory/reservations/" + id).then().statusCode(204);
        assertThat(rows.row(sku)).as("the second release changes nothing").isEqualTo(new StockLevel(sku, 5, 0, 3));
        given().when().get("/api/inventory/" + sku).then().body("available", equalTo(5)).body("version", equalTo(3));
        Accounts.asCustomer().when().get("/api/inventory/reservations/" + id)
                .then().statusCode(200).body("status", equalTo("CANCELLED")).body("releasedAt", notNullValue());
    }

    @Test
    void unknownSkusAre404ProblemsForReadWriteAndReservation() {
        String unknown = "NO-SUCH-" + UUID.randomUUID();
        given().when().get("/api/inventory/" + unknown)
                .then().statusCode(404).contentType(PROBLEM).body("detail", containsString(unknown));
        Stocks.setAvailable(unknown, 5).statusCode(404).contentType(PROBLEM);
        Stocks.reserve(unknown, 1).statusCode(404).contentType(PROBLEM);
        assertThat(rows.row(unknown)).as("no row for a sku that is no product's").isNull();
    }

    @Test
    void aDeletedProductsStockIsNoLongerForSaleButItsReservationsCanBeReleased() {
        String sku = "INV-DELETED-" + UUID.randomUUID().toString().substring(0, 8);
        long productId = Accounts.asAdmin().contentType(ContentType.JSON)
                .body(Map.of("sku", sku, "name", "Discontinued kettle", "price", "9.99", "category", "Kitchen"))
                .when().post("/api/products")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        Stocks.setAvailable(sku, 5).statusCode(200);
        String id = Stocks.reserved(sku, 2);
        Accounts.asAdmin().when().delete("/api/products/" + productId).then().statusCode(204);

        Stocks.reserve(sku, 1).statusCode(404).contentType(PROBLEM);
        Stocks.setAvailable(sku, 9).statusCode(404).contentType(PROBLEM);
        Accounts.asCustomer().when().delete("/api/inventory/reservations/" + id).then().statusCode(204);
        assertThat(rows.row(sku)).as("the row is kept, so the sku's version keeps growing")
                .isEqualTo(new StockLevel(sku, 5, 0, 3));
    }

    @Test
    void unknownReservationsAre404Problems() {
        String unknown = UUID.randomUUID().toString();
        Accounts.asCustomer().when().get("/api/inventory/reservations/" + unknown).then().statusCode(404).contentType(PROBLEM);
        Accounts.asCustomer().when().delete("/api/inventory/reservations/" + unknown).then().statusCode(404).contentType(PROBLEM);
        Accounts.asCustomer().when().get("/api/inventory/reservations/not-a-uuid").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void badQuantitiesAre400ProblemsNamingTheField() {
        String sku = Stocks.newProductWithStock(5);
        for (int quantity : new int[] {0, -1, 10_001}) {
            Stocks.reserve(sku, quantity).statusCode(400).contentType(PROBLEM)
                    .body("title", equalTo("Validation failed")).body("errors.field", hasItem("quantity"));
        }
        Accounts.asCustomer().contentType(ContentType.JSON).body("{}")
                .when().post("/api/inventory/" + sku + "/reservations")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("quantity"));

        for (int available : new int[] {-1, 1_000_001}) {
            Stocks.setAvailable(sku, available).statusCode(400).contentType(PROBLEM)
                    .body("errors.field", hasItem("available"));
        }
        Accounts.asAdmin().contentType(ContentType.JSON).body("{}")
                .when().put("/api/inventory/" + sku)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("available"));

        assertThat(rows.row(sku)).as("no bad request changed the stock").isEqualTo(new StockLevel(sku, 5, 0, 1));
    }

    @Test
    void malformedJsonAndWrongTypesAre400NotServerErrors() {
        String sku = Stocks.newProductWithStock(5);
        Accounts.asCustomer().contentType(ContentType.JSON).body("{\"quantity\": ")
                .when().post("/api/inventory/" + sku + "/reservations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("not valid JSON")).body(not(containsString("at org.")));
        Accounts.asCustomer().contentType(ContentType.JSON).body("{\"quantity\": \"many\"}")
                .when().post("/api/inventory/" + sku + "/reservations")
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("quantity"));
        Accounts.asCustomer().contentType(ContentType.JSON).body("")
                .when().post("/api/inventory/" + sku + "/reservations")
                .then().statusCode(400).contentType(PROBLEM);
        Accounts.asAdmin().contentType(ContentType.JSON).body("[1, 2")
                .when().put("/api/inventory/" + sku)
                .then().statusCode(400).contentType(PROBLEM);
        assertThat(rows.row(sku)).isEqualTo(new StockLevel(sku, 5, 0, 1));
    }

    @Test
    void theApiIsDocumented() {
        given().when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("paths.'/api/inventory/{sku}/reservations'.post.summary", equalTo("Reserve units of a sku"))
                .body("paths.'/api/inventory/reservations/{id}'.delete.responses.'204'", notNullValue())
                .body("components.schemas.Stock.properties.version.examples[0]", notNullValue());
    }
}
