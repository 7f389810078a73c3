package org.acme.shop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.acme.shop.bestsellers.BestSellerKeys;
import org.acme.shop.brand.BrandKeys;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.featured.FeaturedKeys;
import org.acme.shop.inventory.InventoryKeys;
import org.acme.shop.redis.KeySpace;
import org.acme.shop.stores.StoreKeys;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.SafeguardsSwitchedOff;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every key the service writes is under the prefix and expires, but for the counters the key table names. The test
 * makes every feature write its keys first, so it holds whichever test classes ran before it.
 */
@QuarkusTest
@Tag("redis")
class KeyHygieneTest {

    @Inject
    TestRedis redis;

    @Inject
    KeySpace keys;

    @Inject
    BestSellerKeys bestSellerKeys;

    @Inject
    BrandKeys brandKeys;

    @Inject
    CatalogKeys catalogKeys;

    @Inject
    FeaturedKeys featuredKeys;

    @Inject
    InventoryKeys inventoryKeys;

    @Inject
    StoreKeys storeKeys;

    @Test
    void everyKeyIsNamespacedAndExpires() {
        long id = Products.create();
        long deleted = Products.create();
        String sku = Products.createSku();               // created after: the deleted id is below the highest
        Accounts.asAdmin().when().delete("/api/products/" + deleted).then().statusCode(204);
        given().when().get("/api/products/" + id).then().statusCode(200);               // product
        given().when().get("/api/products/" + deleted).then().statusCode(404);            // tombstone
        given().when().get("/api/products?size=10").then().statusCode(200);              // listing page
        given().when().get("/api/categories").then().statusCode(200);                    // category list
        given().when().get("/api/brands").then().statusCode(200);                        // brand list
        given().when().get("/api/brands/barista").then().statusCode(200);                // one brand
        given().when().get("/api/products/featured").then().statusCode(200);             // featured products
        Accounts.asAdmin().contentType(ContentType.JSON).body(Map.of("available", 5))
                .when().put("/api/inventory/" + sku).then().statusCode(200);              // stock
        String email = "hygiene-" + id + "@example.org";
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct horse battery", "displayName", "Ada"))
                .when().post("/api/users").then().statusCode(201);
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct horse battery"))
                .when().post("/api/sessions").then().statusCode(201).extract().jsonPath().getString("token");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("quantity", 1))
                .when().put("/api/cart/items/" + id).then().statusCode(200);               // session + user index
        String reservation = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("quantity", 1))
                .when().post("/api/inventory/" + sku + "/reservations").then().statusCode(201)
                .extract().jsonPath().getString("id");
        given().auth().oauth2(token).when().post("/api/inventory/reservations/" + reservation + "/confirm")
                .then().statusCode(200);                                                  // best-seller day
        redis.delete(storeKeys.storeLocations());
        given().when().get("/api/stores/near?lat=52.52&lon=13.405&km=10").then().statusCode(200);  // store GEO

        List<String> all = redis.allKeys();
        assertThat(all).contains(catalogKeys.product(id), catalogKeys.product(deleted), inventoryKeys.stock(sku), catalogKeys.catalogVersion(),
                brandKeys.brands(), brandKeys.brand("barista"), featuredKeys.featured(),
                bestSellerKeys.bestSellersDay(LocalDate.now(ZoneOffset.UTC)), storeKeys.storeLocations());
        // The database also holds what the tests' application with a prefix of its own wrote (SafeguardsSwitchedOff,
        // whose outbox relay may apply a write after its tests cleaned up): namespaced too, and not this test's to time.
        String own = keys.prefix() + ":";
        assertThat(all).allMatch(key -> key.startsWith(own) || key.startsWith(SafeguardsSwitchedOff.PREFIX + ":"),
                "under this application's prefix or the other test application's");
        List<String> mine = all.stream().filter(key -> key.startsWith(own)).toList();

        Set<String> withoutTtlByDesign = Set.of(catalogKeys.catalogVersion());
        // The view streams and pending counters hold views not yet in PostgreSQL, a flash sale's stream holds
        // reservations PostgreSQL does not have yet (deleted when the sale ends): expiring them would lose data.
        String viewStreams = keys.prefix() + ":views:stream:";
        String viewsPending = keys.prefix() + ":views:pending:";
        assertThat(mine.stream().filter(key -> !withoutTtlByDesign.contains(key))
                .filter(key -> !key.startsWith(viewStreams) && !key.startsWith(viewsPending))
                .filter(key -> !(key.startsWith(keys.prefix() + ":flashsale:") && key.endsWith(":stream"))))
                .allSatisfy(key -> assertThat(redis.ttl(key)).as("TTL of %s (-1: none; -2: expired meanwhile)", key)
                        .isNotEqualTo(-1L));
    }
}
