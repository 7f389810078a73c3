package org.acme.shop.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile with the Redis client pointed at port 1 on loopback: nothing listens there, so every connection is
 * refused at once. Test classes sharing this profile share one application start.
 */
public class RedisUnreachable implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1");
    }
}
