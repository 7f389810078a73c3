package org.acme.shop.cart;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItem;

import java.math.BigDecimal;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.acme.shop.http.problem.Unauthorized;
import org.acme.shop.session.SessionKeys;
import org.acme.shop.session.SessionStore;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The cart lives in fields of the session HASH and is priced through the catalog's cache. */
@QuarkusTest
@Tag("redis")
class CartTest {

    @Inject
    TestRedis redis;

    @Inject
    SessionKeys keys;

    @Inject
    SessionStore sessions;

    private static BigDecimal price(long productId) {
        return new BigDecimal(given().when().get("/api/products/" + productId).then().statusCode(200)
                .extract().jsonPath().getString("price"));
    }

    private static JsonPath put(String token, long productId, int quantity, int status) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("quantity", quantity))
                .when().put("/api/cart/items/" + productId)
                .then().statusCode(status).extract().jsonPath();
    }

    @Test
    void linesAreHashFieldsAndTheTotalComesFromCatalogPrices() {
        String token = Accounts.newSession();
        String key = keys.session(SessionStore.sha256(token));

        put(token, 11, 2, 200);
        put(token, 12, 1, 200);
        assertThat(redis.hgetall(key)).containsEntry("cart:11", "2").containsEntry("cart:12", "1");

        JsonPath cart = given().header("Authorization", "Bearer " + token).when().get("/api/cart")
                .then().statusCode(200).extract().jsonPath();
        BigDecimal expected = price(11).multiply(BigDecimal.valueOf(2)).add(price(12));
        assertThat(new BigDecimal(cart.getString("total"))).isEqualByComparingTo(expected);
        assertThat(cart.getList("lines.name")).hasSize(2).doesNotContainNull();

        put(token, 11, 5, 200);
        assertThat(redis.hgetall(key)).containsEntry("cart:11", "5");

        given().header("Authorization", "Bearer " + token).when().delete("/api/cart/items/12").then().statusCode(204);
        assertThat(redis.hgetall(key)).doesNotContainKey("cart:12").containsKey("userId");
        JsonPath after = given().header("Authorization", "Bearer " + token).when().get("/api/cart")
                .then().statusCode(200).extract().jsonPath();
        assertThat(new BigDecimal(after.getString("total"))).isEqualByComparingTo(price(11).multiply(BigDecimal.valueOf(5)));
    }

    @Test
    void unknownProductsAndQuantitiesOutOfRangeAreRefused() {
        String token = Accounts.newSession();
        put(token, 9_100_000_000L, 1, 404);
        for (int quantity : new int[] {0, 100, -1}) {
            assertThat(put(token, 13, quantity, 400).getList("errors.field")).contains("quantity");
        }
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body("{}")
                .when().put("/api/cart/items/13").then().statusCode(400).body("errors.field", hasItem("quantity"));
        assertThat(redis.hgetall(keys.session(SessionStore.sha256(token)))).doesNotContainKey("cart:13");
        given().when().get("/api/cart").then().statusCode(401);
    }

    @Test
    void aCartWriteOnASessionThatExpiredMeanwhileIsRefusedAndDoesNotRecreateIt() {
        String token = Accounts.newSession();
        SessionStore.Session session = sessions.require(token);
        redis.delete(session.key());                     // the idle TTL ran out between the check and the write

        assertThatThrownBy(() -> sessions.setCartLine(session, 11, 2)).isInstanceOf(Unauthorized.class);
        assertThat(redis.exists(session.key())).as("no HASH without a TTL left behind").isFalse();
    }
}
