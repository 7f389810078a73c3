package org.acme.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.common.KeySpace;
import org.acme.shop.common.TestRedis;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after the other test classes of the default profile (junit.quarkus.orderer.secondary-orderer) and checks what the whole suite left in its
 * Redis database: every key under the prefix, and every key with a TTL except the counters the README's key table
 * names.
 */
@QuarkusTest
@Order(Integer.MAX_VALUE)
class KeyHygieneTest {

    @Inject
    TestRedis redis;

    @Inject
    KeySpace keys;

    @Test
    void everyKeyIsNamespacedAndExpires() {
        List<String> all = redis.allKeys();
        assertThat(all).as("the suite wrote keys").isNotEmpty();
        assertThat(all).allSatisfy(key -> assertThat(key).startsWith(keys.prefix() + ":"));

        Set<String> withoutTtlByDesign = Set.of(keys.catalogVersion());
        assertThat(all.stream().filter(key -> !withoutTtlByDesign.contains(key)))
                .allSatisfy(key -> assertThat(redis.ttl(key)).as("TTL of %s", key).isPositive());
    }
}
