package org.acme.shop.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.acme.shop.redis.KeySpace;
import org.acme.shop.redis.LuaScript;

/** The lock and the script runner, against the real Redis: what other instances would see in it. */
@QuarkusTest
@Tag("redis")
class RedisLockTest {

    @Inject
    RedisLock locks;

    @Inject
    TestRedis redis;

    @Inject
    KeySpace keys;

    @Inject
    RedisDataSource redisDataSource;

    @Test
    void theFirstCallerHoldsTheLockTheSecondSeesItHeldAndOnlyTheHolderReleasesIt() {
        String key = keys.prefix() + ":test:lock:" + UUID.randomUUID();
        try (RedisLock.Lease first = locks.tryAcquire(key, Duration.ofSeconds(2))) {
            assertThat(first.held()).isTrue();
            assertThat(redis.type(key)).isEqualTo("string");
            assertThat(redis.pttl(key)).as("the lock expires by itself").isBetween(1L, 2_000L);
            String token = redis.get(key);

            try (RedisLock.Lease second = locks.tryAcquire(key, Duration.ofSeconds(2))) {
                assertThat(second.held()).isFalse();
                assertThat(second.heldElsewhere()).isTrue();
            }
            assertThat(redis.get(key)).as("closing the second lease left the holder's lock alone").isEqualTo(token);
        }
        assertThat(redis.exists(key)).as("closing the holder's lease released it").isFalse();
    }

    @Test
    void theReleaseScriptDeletesOnlyItsOwnToken() {
        String key = keys.prefix() + ":test:lock:" + UUID.randomUUID();
        redis.setWithTtl(key, "mine", 10);
        assertThat(redis.eval(RedisLock.RELEASE_IF_OWNER, List.of(key), "theirs")).isZero();
        assertThat(redis.exists(key)).isTrue();
        assertThat(redis.eval(RedisLock.RELEASE_IF_OWNER, List.of(key), "mine")).isEqualTo(1);
        assertThat(redis.exists(key)).isFalse();
    }

    @Test
    void aScriptRedisHasNeverSeenRunsByEvalAndIsThenCachedForEvalsha() {
        String marker = UUID.randomUUID().toString();
        LuaScript script = LuaScript.of("return '" + marker + "'");
        assertThat(redis.scriptLoaded(script)).as("a new script is unknown to Redis").isFalse();

        assertThat(script.run(redisDataSource, List.of()).toString()).isEqualTo(marker);   // NOSCRIPT, then EVAL
        assertThat(redis.scriptLoaded(script)).as("EVAL loaded it for the next EVALSHA").isTrue();
        assertThat(script.run(redisDataSource, List.of()).toString()).isEqualTo(marker);
    }
}
