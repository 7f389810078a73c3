package org.acme.shop.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The application on one {@link PrivateRedis} for both roles, secured as a deployment secures it: the users of
 * {@code k8s/redis/users.acl}, started by {@code k8s/redis/start-redis.sh}, and TLS only, with a CA the app trusts. The
 * tests that share it: {@code RedisAclTest} (each role's user may run only its commands on its keys; it reaches the
 * server with {@code redis-cli --tls}, {@link PrivateRedis#redisCliArguments()}) and {@code RedisTlsTest} (the app
 * caches and keeps sessions over TLS, and the server refuses plain text). Neither minds the other's part: the ACL's
 * users log in over TLS as over plain text, and the TLS test's commands are all the ACL grants.
 * <p>
 * A cold JVM's first TLS handshakes may take longer than the 500 ms a command waits: each test class waits until both
 * roles answer before it counts errors.
 */
public class OnASecuredRedis implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivateRedis.class,
                Map.of(PrivateRedis.ACL, "yes", PrivateRedis.TLS, "yes")));
    }
}
