package org.acme.shop.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.acme.shop.catalog.cache.CatalogInvalidation;
import org.acme.shop.catalog.near.NearCache;
import org.acme.shop.redis.RedisTopology;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.NearCacheInTests;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * HTTP caching in front of the caches (docs/http-caching.md): a public read carries a strong {@code ETag} and
 * {@code Cache-Control: no-cache}; {@code If-None-Match} with the current tag is answered {@code 304} without a body,
 * from L1 or Redis, without a statement to PostgreSQL; once the product changed, on this instance or another, the
 * same request gets the new body with a new tag.
 */
@QuarkusTest
class ConditionalReadTest {

    private static final String TAG = "\"[A-Za-z0-9_-]{22}\"";

    @Inject
    SqlCounter sql;

    @Inject
    TestRedis redis;

    @Inject
    CatalogKeys keys;

    @Inject
    NearCache near;

    @Inject
    RedisTopology topology;

    @Inject
    DataSource dataSource;

    @Test
    void aProductTheClientHoldsIsNotSentAgainFromRedisNorFromL1() {
        long id = Products.create();
        ExtractableResponse<Response> first = given().when().get("/api/products/" + id).then().statusCode(200)
                .header("X-Cache", "MISS").header("Cache-Control", "no-cache").header("ETag", matchesPattern(TAG))
                .extract();
        String tag = first.header("ETag");

        long statements = sql.statements();
        given().header("If-None-Match", tag).when().get("/api/products/" + id).then().statusCode(304)
                .header("X-Cache", "HIT").header("ETag", tag).header("Cache-Control", "no-cache")
                .body(emptyString());
        String next = NearCacheInTests.afterAHit(near, topology);
        given().header("If-None-Match", tag).when().get("/api/products/" + id).then().statusCode(304)
                .header("X-Cache", next).header("ETag", tag).body(emptyString());
        assertThat(sql.statements() - statements).as("statements to PostgreSQL for the two 304s").isZero();

        // The same body always has the same tag, and a 200 carries it.
        given().when().get("/api/products/" + id).then().statusCode(200).header("ETag", tag)
                .body(equalTo(first.body().asString()));
    }

    @Test
    void ifNoneMatchComparesWeaklyAndAcceptsAListOrAStar() {
        long id = Products.create();
        String tag = given().when().get("/api/products/" + id).then().statusCode(200).extract().header("ETag");

        given().header("If-None-Match", "W/" + tag).when().get("/api/products/" + id).then().statusCode(304);
        given().header("If-None-Match", "\"someothertag\", " + tag).when().get("/api/products/" + id)
                .then().statusCode(304);
        given().header("If-None-Match", "*").when().get("/api/products/" + id).then().statusCode(304);
        given().header("If-None-Match", "\"someothertag\"").when().get("/api/products/" + id).then().statusCode(200)
                .header("ETag", tag).body("id", equalTo((int) id));
        // A tag without its quotes is another tag.
        given().header("If-None-Match", tag.replace("\"", "")).when().get("/api/products/" + id).then().statusCode(200);
    }

    @Test
    void aWriteThroughThisInstanceGivesTheNextConditionalReadTheNewBodyAndTag() {
        long id = Products.create();
        String sku = given().when().get("/api/products/" + id).then().extract().path("sku");
        String tag = given().when().get("/api/products/" + id).then().statusCode(200).extract().header("ETag");

        Accounts.asAdmin().contentType(ContentType.JSON).body(Products.body(sku, "Renamed kettle", "12.00", "Kitchen"))
                .when().put("/api/products/" + id).then().statusCode(200);

        String renamed = given().header("If-None-Match", tag).when().get("/api/products/" + id).then().statusCode(200)
                .body("name", equalTo("Renamed kettle")).header("ETag", not(tag)).extract().header("ETag");
        given().header("If-None-Match", renamed).when().get("/api/products/" + id).then().statusCode(304);
    }

    @Test
    void aWriteOnAnotherInstanceGivesTheNextConditionalReadTheNewBodyAndTag() throws Exception {
        long id = Products.create();
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        String tag = given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT")
                .extract().header("ETag");                   // and now in this instance's L1 too

        // Another instance's write: its commit in PostgreSQL, then the UNLINK of the key (CatalogInvalidation).
        // This instance sees neither; Redis's invalidation push evicts its L1 entry.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "update product set name = 'Renamed elsewhere', updated_at = now() where id = ?")) {
            update.setLong(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        redis.delete(keys.product(id));
        await().atMost(Duration.ofSeconds(2)).until(() -> near.get(id) == null);

        given().header("If-None-Match", tag).when().get("/api/products/" + id).then().statusCode(200)
                .header("X-Cache", "MISS").body("name", equalTo("Renamed elsewhere")).header("ETag", not(tag));
    }

    @Test
    void listingsCategoriesAndBrandsAnswer304FromTheCache() {
        Products.create();                                    // a fresh catalog version: the listing misses first
        for (String path : new String[] {"/api/products?size=20", "/api/categories", "/api/brands",
                "/api/brands/barista", "/api/products?ids=1,2,3"}) {
            given().when().get(path).then().statusCode(200);  // fills the cache
            String tag = given().when().get(path).then().statusCode(200).header("X-Cache", "HIT")
                    .header("Cache-Control", "no-cache").header("ETag", matchesPattern(TAG)).extract().header("ETag");
            long statements = sql.statements();
            given().header("If-None-Match", tag).when().get(path).then().statusCode(304)
                    .header("X-Cache", "HIT").header("ETag", tag).body(emptyString());
            assertThat(sql.statements() - statements).as("statements to PostgreSQL for the 304 of %s", path).isZero();
        }

        String tag = given().when().get("/api/products?size=20").then().statusCode(200).extract().header("ETag");
        Products.create();                                    // a write: the next listing is another page
        given().header("If-None-Match", tag).when().get("/api/products?size=20").then().statusCode(200)
                .header("ETag", not(tag));
    }

    @Test
    void anUnknownProductAndAPersonalAnswerCarryNoTag() {
        given().when().get("/api/products/999999999").then().statusCode(404).header("ETag", nullValue());
        Accounts.asCustomer().when().get("/api/users/me").then().statusCode(200).header("ETag", nullValue())
                .header("Cache-Control", "no-store");
    }
}
