package org.acme.shop.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A {@link PrivateRedis} that both Redis clients reach through a {@link FaultProxy}, slow from the start: with the
 * argument {@value #DELAY_FROM_START} every reply is held that long from the app's first connection on, until a test
 * calls {@link #pass()}, so that the app starts on a slow Redis. The drills on a running app use
 * {@link BehindProxies}, whose proxies pass at start.
 */
public class RedisProxy implements QuarkusTestResourceLifecycleManager {

    /** Resource argument: milliseconds each reply is held from the app's first connection on, until {@link #pass()}. */
    public static final String DELAY_FROM_START = "delay-from-start-ms";

    private static FaultProxy proxy;

    private final PrivateRedis redis = new PrivateRedis();
    private long delayFromStart;

    @Override
    public void init(Map<String, String> initArgs) {
        redis.init(initArgs);
        delayFromStart = Long.parseLong(initArgs.getOrDefault(DELAY_FROM_START, "0"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(redis.start());
        proxy = new FaultProxy("127.0.0.1", redis::port);
        if (delayFromStart > 0) {
            proxy.delay(delayFromStart);
        }
        // The sessions and tracking clients follow the cache's server when given none (application.properties).
        config.put("quarkus.redis.hosts", "redis://127.0.0.1:" + proxy.port());
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
}
