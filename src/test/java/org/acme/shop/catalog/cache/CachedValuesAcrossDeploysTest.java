package org.acme.shop.catalog.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.brand.BrandKeys;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.catalog.cache.ProductStore;
import org.acme.shop.testing.Products;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * A rolling deploy that changes what a cache stores (docs/cache-aside.md#values-that-survive-a-deploy): values in an
 * older format, planted in Redis as the previous version of the code left them, are never served; each is taken for a
 * miss, loaded from PostgreSQL and replaced by a value of this version's schema.
 */
@QuarkusTest
class CachedValuesAcrossDeploysTest {

    /** What this code wrote before values carried a schema: the bare JSON, here with a field since renamed. */
    private static final String OLD_PRODUCT = "{\"id\":%d,\"title\":\"An older format\",\"price\":1.00}";

    @Inject
    TestRedis redis;

    @Inject
    CatalogKeys keys;

    @Inject
    BrandKeys brandKeys;

    @Test
    void aProductWrittenBeforeSchemasIsReloadedAndReplaced() {
        long id = Products.create();
        String key = keys.product(id);
        redis.setWithTtl(key, OLD_PRODUCT.formatted(id), 600);

        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS")
                .body("name", equalTo("Test kettle")).body(not(containsString("An older format")));
        assertThat(redis.get(key)).startsWith(ProductStore.SCHEMA.tag() + "|");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT")
                .body("name", equalTo("Test kettle"));
    }

    @Test
    void aProductWrittenByAnotherSchemaIsReloadedByASingleAndABulkRead() {
        long single = Products.create();
        long bulk = Products.create();
        redis.setWithTtl(keys.product(single), "0badcafe|" + OLD_PRODUCT.formatted(single), 600);
        redis.setWithTtl(keys.product(bulk), "0badcafe|" + OLD_PRODUCT.formatted(bulk), 600);

        given().when().get("/api/products/" + single).then().statusCode(200).header("X-Cache", "MISS")
                .body("name", equalTo("Test kettle"));
        given().when().get("/api/products?ids=" + bulk).then().statusCode(200).header("X-Cache", "MISS")
                .header("X-Cache-Misses", "1").body("items[0].name", equalTo("Test kettle"));
        assertThat(redis.body(keys.product(bulk))).doesNotContain("An older format");
    }

    @Test
    void aListingPageAndABrandOfAnOlderFormatAreReloaded() {
        Products.create();                                     // a new catalog version: its page key is new
        long version = Long.parseLong(redis.get(keys.catalogVersion()));
        String page = keys.productPage(version, null, 0, 20);
        redis.setWithTtl(page, "{\"items\":[],\"page\":0,\"size\":20,\"planted\":true}", 600);
        given().when().get("/api/products?size=20").then().statusCode(200).header("X-Cache", "MISS")
                .body("planted", equalTo(null));
        assertThat(redis.body(page)).doesNotContain("planted");

        String brand = brandKeys.brand("barista");
        redis.setWithTtl(brand, "{\"slug\":\"barista\",\"label\":\"An older format\"}", 600);
        given().when().get("/api/brands/barista").then().statusCode(200).header("X-Cache", "MISS")
                .body("name", equalTo("Barista"));
        assertThat(redis.body(brand)).isEqualTo("{\"slug\":\"barista\",\"name\":\"Barista\"}");
    }
}
