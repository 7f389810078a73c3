package org.acme.shop.cart;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.acme.shop.http.problem.Unauthorized;
import org.acme.shop.session.SessionKeys;
import org.acme.shop.session.SessionStore;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Concurrently;
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
    void aCartHoldsAtMostTheMaximumOfLinesEvenWhenTheyAreAddedAtOnce() throws Exception {
        String token = Accounts.newSession();
        String key = keys.session(SessionStore.sha256(token));
        AtomicLong next = new AtomicLong(100);
        List<List<Integer>> clients = Concurrently.runAtOnce(12, () -> {
            List<Integer> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {                                   // 12 x 5 = 60 new lines, 10 too many
                answers.add(given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                        .body(Map.of("quantity", 1)).when().put("/api/cart/items/" + next.getAndIncrement())
                        .then().extract().statusCode());
            }
            return answers;
        });
        List<Integer> statuses = clients.stream().flatMap(List::stream).toList();
        assertThat(statuses).as("session.cart-max-lines is 50").containsOnly(200, 409);
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(50);
        Map<String, String> hash = redis.hgetall(key);
        assertThat(hash.keySet()).filteredOn(field -> field.startsWith("cart:")).hasSize(50);

        long held = hash.keySet().stream().filter(field -> field.startsWith("cart:"))
                .mapToLong(field -> Long.parseLong(field.substring("cart:".length()))).min().orElseThrow();
        long refused = LongStream.range(100, 160)
                .filter(id -> !hash.containsKey("cart:" + id)).findFirst().orElseThrow();
        put(token, held, 7, 200);                                           // an existing line may still change
        assertThat(put(token, refused, 1, 409).getString("detail")).contains("session.cart-max-lines");
        given().header("Authorization", "Bearer " + token).when().delete("/api/cart/items/" + held)
                .then().statusCode(204);
        put(token, refused, 1, 200);                                        // room again after a removal
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
