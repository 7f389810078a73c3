package org.acme.shop.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile with the cache's Redis client pointed at port 1 on loopback: nothing listens there, so every
 * connection is refused at once. The session store stays on the tests' Redis, as a deployment that keeps sessions on
 * a server of their own would (see {@code quarkus.redis.sessions.hosts}): users can still log in and the admin can
 * still write while the cache is gone. Test classes sharing this profile share one application start.
 */
public class RedisUnreachable implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // No view counting: RedisGuard keeps one outage state per process, and a send of buffered views to the
        // sessions' server, landing between two failed cache reads, would end the outage and start another one.
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1",
                "quarkus.redis.sessions.hosts", System.getenv().getOrDefault("QUARKUS_REDIS_HOSTS", "redis://localhost:6379"),
                "views.enabled", "false");
    }
}
