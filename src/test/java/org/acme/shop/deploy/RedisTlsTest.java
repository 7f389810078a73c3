package org.acme.shop.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.redis.monitoring.RedisInfoMetrics;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.Management;
import org.acme.shop.testing.Metrics;
import org.acme.shop.testing.OnASecuredRedis;
import org.acme.shop.testing.PrivateRedis;
import org.acme.shop.testing.Products;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redis over TLS: a local {@code redis-server} that speaks TLS only, with throw-away certificates made by
 * {@code openssl} for this run, and the app configured as a deployment configures it ({@code rediss://} and the TLS
 * registry's trust store, {@code QUARKUS_REDIS_TLS_CONFIGURATION_NAME} and
 * {@code QUARKUS_TLS_<NAME>_TRUST_STORE_PEM_CERTS}), each role as its ACL user ({@link OnASecuredRedis}, which
 * {@code RedisAclTest} shares). Both roles, the cache and the sessions, go through it.
 * {@link RedisTlsWrongCaTest} shows the other side: a server the app cannot verify is not used.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(OnASecuredRedis.class)
class RedisTlsTest {

    @Inject
    RedisInfoMetrics info;

    @Test
    void theAppCachesAndKeepsSessionsOverTls() {
        assertThat(PrivateRedis.cache().url()).startsWith("rediss://");
        // The first TLS handshakes of a cold JVM may take longer than the 500 ms timeout: wait until both roles answer.
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> Management.given().when().get("/q/health/well").statusCode() == 200);
        double errors = Metrics.sum("cache_redis_errors_total");
        long id = Products.create();       // the admin's login: a session written over TLS
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        given().when().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT");
        Accounts.as(Accounts.newSession()).when().get("/api/users/me").then().statusCode(200);
        Management.given().when().get("/q/health/well").then().statusCode(200);
        info.poll();
        assertThat(Metrics.value("redis_up{role=\"cache\"}")).isEqualTo(1.0);
        assertThat(Metrics.sum("cache_redis_errors_total") - errors).isZero();
    }

    @Test
    void theServerRefusesPlainText() throws Exception {
        Process ping = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p",
                Integer.toString(PrivateRedis.cache().port()),
                "PING").redirectErrorStream(true).start();
        String answer = new String(ping.getInputStream().readAllBytes());
        ping.waitFor();
        assertThat(answer).as("a client without TLS gets no answer").doesNotContain("PONG");
    }
}
