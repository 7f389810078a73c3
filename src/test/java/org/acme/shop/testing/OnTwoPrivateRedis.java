package org.acme.shop.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The application on two {@link PrivateRedis}, one per role, as compose and Kubernetes run it: the cache's client (and
 * the near cache's) on {@link PrivateRedis#cache()}, the {@code sessions} client on {@link PrivateRedis#state()}. A
 * test may stop, kill or empty either server while the other one answers. The tests that share it:
 * {@code RedisRolesTest}, {@code VisitorFloodTest}, {@code FlashSaleRedisRestartTest}, {@code FlashSaleRedisLossTest}
 * and {@code OutboxRecoveryTest}. What each of them needs, and the others do not mind:
 * <ul>
 * <li>the state role as a deployment configures it ({@code maxmemory 256mb}, {@code noeviction}, an append-only file
 * with {@code appendfsync always}): {@code VisitorFloodTest} measures what anonymous traffic adds to it, on a server
 * where no cache copy of the same reads lies beside it; the flash-sale tests stop it and {@code kill -9} it, and it
 * comes back with every reservation it acknowledged ({@code FlashSaleRedisLossTest} starts it empty on purpose);</li>
 * <li>a small evicting cache ({@code maxmemory 3mb}, {@code volatile-lfu} as in compose), so that
 * {@code RedisRolesTest} makes it evict with a few megabytes;</li>
 * <li>an append-only file on the cache too, which a deployment's cache does not keep: {@code OutboxRecoveryTest}
 * stops the cache while products change and needs its stale copies back when it returns, as after a network
 * partition; the other tests never start the cache empty and expect nothing of what it kept;</li>
 * <li>the outbox relay on ({@code cache.outbox.relay-enabled}), for {@code OutboxRecoveryTest}: no test of this start
 * counts SQL statements, which its passes would add to.</li>
 * </ul>
 * A test that stops a server starts it again before it ends.
 */
public class OnTwoPrivateRedis implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cache.outbox.relay-enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(PrivateRedis.class, Map.of(PrivateRedis.ROLE, "cache",
                        PrivateRedis.MAXMEMORY, "3mb", PrivateRedis.MAXMEMORY_POLICY, "volatile-lfu",
                        PrivateRedis.APPEND_ONLY, "yes")),
                new TestResourceEntry(PrivateRedis.class, Map.of(PrivateRedis.ROLE, "state",
                        PrivateRedis.MAXMEMORY, "256mb", PrivateRedis.MAXMEMORY_POLICY, "noeviction",
                        PrivateRedis.APPEND_ONLY, "yes")));
    }
}
