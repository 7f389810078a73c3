package org.acme.shop.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A {@link FaultProxy} between the app and a {@link PrivateRedis}, for failure drills without an external tool: the
 * app is given the proxy's address, and a test switches what the network does.
 * <ul>
 * <li>{@link #pass()}: bytes flow both ways as they come;</li>
 * <li>{@link #delay(long)}: every reply from Redis is held that long before it goes on (a slow Redis, or a slow
 * network), so each command takes at least that long;</li>
 * <li>{@link #drop()}: every open connection is closed, and every new one is closed as soon as it is accepted
 * (Redis crashing, a firewall resetting connections, a failover).</li>
 * </ul>
 * A restart of Redis (empty) is {@link PrivateRedis#stopServer()} and {@link PrivateRedis#startServer()} behind the
 * proxy, which keeps its port. The cache's client goes through the proxy; with the argument {@link PrivateRedis#ROLE}
 * {@code state}, the sessions client does instead, and the cache's client reaches the same Redis directly. With the
 * argument {@value #DELAY_FROM_START} the proxy starts delayed, so that the app starts on a slow Redis. One thread pair
 * per connection, virtual threads: the app opens a few dozen at most.
 */
public class RedisProxy implements QuarkusTestResourceLifecycleManager {

    /** Resource argument: milliseconds each reply is held from the app's first connection on, until {@link #pass()}. */
    public static final String DELAY_FROM_START = "delay-from-start-ms";

    private static FaultProxy proxy;

    private final PrivateRedis redis = new PrivateRedis();
    private boolean stateRole;
    private String delayFromStart;

    @Override
    public void init(Map<String, String> initArgs) {
        redis.init(initArgs);
        stateRole = "state".equals(initArgs.get(PrivateRedis.ROLE));
        delayFromStart = initArgs.get(DELAY_FROM_START);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(redis.start());
        proxy = new FaultProxy("127.0.0.1", PrivateRedis::port);
        if (delayFromStart != null) {
            delay(Long.parseLong(delayFromStart));
        }
        config.put(stateRole ? "quarkus.redis.sessions.hosts" : "quarkus.redis.hosts",
                "redis://127.0.0.1:" + proxy.port());
        if (stateRole) {
            config.put("quarkus.redis.hosts", PrivateRedis.url());   // the cache's client, straight to the same server
        }
        return config;
    }

    @Override
    public void stop() {
        proxy.stop();
        redis.stop();
    }

    /** Bytes flow as they come. */
    public static void pass() {
        proxy.pass();
    }

    /** Every reply from Redis waits {@code millis} before it is passed on. */
    public static void delay(long millis) {
        proxy.delay(millis);
    }

    /** Closes every connection now, and each new one as soon as it is accepted, until {@link #pass()}. */
    public static void drop() {
        proxy.drop();
    }
}
