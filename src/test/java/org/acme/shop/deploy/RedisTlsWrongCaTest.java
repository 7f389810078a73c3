package org.acme.shop.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.testing.Management;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.PrivateRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The app trusts a CA that did not sign the TLS Redis's certificate: the handshake fails, so no command reaches that
 * server, and the service behaves as with Redis down. Catalog reads answer from PostgreSQL ({@code X-Cache: BYPASS}),
 * the failures are counted, and {@code /q/health/well} says the cache is {@code DOWN}.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(RedisTlsWrongCaTest.TrustingAnotherCa.class)
class RedisTlsWrongCaTest {

    public static class TrustingAnotherCa implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivateRedis.class,
                    Map.of(PrivateRedis.TLS, "yes", PrivateRedis.TRUST, "other")));
        }
    }

    @Test
    void aServerSignedByAnotherCaIsNotUsed() {
        double errors = Metrics.value("cache_redis_errors_total{operation=\"get\"}");
        given().when().get("/api/products/1").then().statusCode(200).header("X-Cache", "BYPASS");
        given().when().get("/api/products/1").then().statusCode(200).header("X-Cache", "BYPASS");
        assertThat(Metrics.value("cache_redis_errors_total{operation=\"get\"}") - errors).isGreaterThanOrEqualTo(2);
        Management.given().when().get("/q/health/well").then().statusCode(503)
                .body("checks.find { it.name == 'Redis' }.data.cache", equalTo("DOWN"));
    }
}
