package org.acme.shop.stores;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.hasItem;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.acme.shop.testing.Concurrently;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.SqlCounter;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The store search against the sample stores of V10 (city centres): distances as published, the GEO key in Redis,
 * its rebuild when missing, shelf stock per sku, and refusals by name.
 */
@QuarkusTest
@Tag("redis")
class StoresNearTest {

    private static final String BERLIN = "lat=52.52&lon=13.405";

    @Inject
    TestRedis redis;

    @Inject
    StoreKeys keys;

    @Inject
    SqlCounter sql;

    @Inject
    StoreLocator locator;

    @TestHTTPResource("/api/stores/near")
    URI near;

    private static JsonPath search(String query, String outcome) {
        return given().when().get("/api/stores/near?" + query)
                .then().statusCode(200).header("X-Cache", outcome).extract().jsonPath();
    }

    @Test
    void storesWithinTheRadiusComeNearestFirstAtTheirKnownDistances() {
        locator.rebuild();
        JsonPath berlin = search(BERLIN + "&km=300", "HIT");
        assertThat(berlin.getList("stores.code")).containsExactly("BER", "HAM");
        assertThat(berlin.getDouble("stores[0].distanceKm")).isCloseTo(0.0, within(0.01));
        assertThat(berlin.getDouble("stores[1].distanceKm")).isCloseTo(255.32, within(0.05));   // Berlin–Hamburg
        assertThat(berlin.getString("stores[1].city")).isEqualTo("Hamburg");
        assertThat(berlin.getString("sku")).isNull();
        assertThat(berlin.getList("stores.units")).containsOnlyNulls();

        assertThat(search(BERLIN + "&km=400", "HIT").getList("stores.code")).containsExactly("BER", "HAM", "CPH");
        assertThat(search(BERLIN + "&km=450", "HIT").getList("stores.code"))
                .containsExactly("BER", "HAM", "CPH", "FRA");
        // South of the equator, east of Greenwich: Sydney from Canberra is 247 km.
        JsonPath canberra = search("lat=-35.2809&lon=149.13&km=300", "HIT");
        assertThat(canberra.getList("stores.code")).containsExactly("SYD");
        assertThat(canberra.getDouble("stores[0].distanceKm")).isCloseTo(247.0, within(1.0));
    }

    @Test
    void theGeoKeyMirrorsTheStoreTableWithATtl() {
        locator.rebuild();
        String key = keys.storeLocations();
        assertThat(key).isEqualTo("shop:stores:geo:all");
        assertThat(redis.type(key)).isEqualTo("zset");                 // a GEO key is a sorted set of geohashes
        assertThat(redis.zrange(key)).hasSize(18);
        assertThat(redis.ttl(key)).isBetween(86_000L, 86_400L);       // stores.geo-ttl, 24 h
    }

    @Test
    void aMissingKeyIsRebuiltByTheSearchThatFindsItGone() {
        redis.delete(keys.storeLocations());
        search(BERLIN + "&km=300", "MISS");
        assertThat(redis.exists(keys.storeLocations())).isTrue();

        long before = sql.statements();
        assertThat(search(BERLIN + "&km=300", "HIT").getList("stores.code")).containsExactly("BER", "HAM");
        assertThat(sql.statements() - before).as("one query by primary key names the stores found").isEqualTo(1);
    }

    @Test
    void concurrentSearchesRebuildTheKeyOnce() {
        redis.delete(keys.storeLocations());
        double loads = Metrics.value("cache_loads_total{cache=\"stores\"}");

        List<CompletableFuture<HttpResponse<String>>> responses =
                Concurrently.get(URI.create(near + "?" + BERLIN + "&km=300"), 20);

        assertThat(Concurrently.statuses(responses)).containsOnly(200);
        assertThat(responses.stream().map(CompletableFuture::join).map(HttpResponse::body))
                .allSatisfy(body -> assertThat(body).contains("\"BER\"").contains("\"HAM\""));
        assertThat(Metrics.value("cache_loads_total{cache=\"stores\"}") - loads).isEqualTo(1.0);
    }

    @Test
    void withASkuEachStoreHasItsShelfStock() {
        locator.rebuild();
        JsonPath found = search(BERLIN + "&km=450&sku=KIT-0003", "HIT");
        assertThat(found.getString("sku")).isEqualTo("KIT-0003");
        List<Integer> ids = found.getList("stores.id", Integer.class);
        List<Integer> units = found.getList("stores.units", Integer.class);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(units.get(i)).as("store %d", ids.get(i)).isEqualTo((ids.get(i) * 7 + 3 * 3) % 13);  // V10's seed
        }
        assertThat(search(BERLIN + "&km=450&sku=NO-SUCH-SKU", "HIT").getList("stores.units", Integer.class))
                .hasSize(4).containsOnly(0);
    }

    @Test
    void aPointFarFromEveryStoreFindsNone() {
        locator.rebuild();
        assertThat(search("lat=0&lon=-30&km=1000", "HIT").getList("stores")).isEmpty();   // mid-Atlantic
    }

    @Test
    void coordinatesAndRadiiOutOfRangeAreRefusedByName() {
        refused("lon=13&km=10", "lat");
        refused("lat=91&lon=13&km=10", "lat");
        refused("lat=85.06&lon=13&km=10", "lat");          // valid on Earth, beyond what Redis GEO indexes
        refused("lat=-85.06&lon=13&km=10", "lat");
        refused("lat=abc&lon=13&km=10", "lat");
        refused("lat=1e400&lon=13&km=10", "lat");
        refused("lat=NaN&lon=13&km=10", "lat");
        refused("lat=52&lon=180.5&km=10", "lon");
        refused("lat=52&lon=-181&km=10", "lon");
        refused("lat=52&lon=13", "km");
        refused("lat=52&lon=13&km=0", "km");
        refused("lat=52&lon=13&km=-5", "km");
        refused("lat=52&lon=13&km=1000.5", "km");
        refused("lat=52&lon=13&km=10&sku=" + "K".repeat(65), "sku");
        search("lat=85.05112878&lon=180&km=1", "HIT");     // the edges themselves are valid
    }

    private static void refused(String query, String field) {
        given().when().get("/api/stores/near?" + query).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
    }
}
