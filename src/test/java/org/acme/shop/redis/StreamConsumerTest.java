package org.acme.shop.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kernel's consumer of a stream's group against the real Redis, as the instances of a write-behind use it: one
 * that dies leaves its entries pending, another takes them over; every entry is written once, and leaves the stream
 * only once written; a failed write leaves its batch pending with its consumer, first in line at its next pass.
 */
@QuarkusTest
@Tag("redis")
class StreamConsumerTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisGuard guard;

    @Inject
    KeySpace keys;

    @Inject
    TestRedis testRedis;

    private String stream;
    private StreamCommands<String, String, String> streams;
    private StreamConsumer consumer;

    @BeforeEach
    void aStreamOfItsOwn() {
        stream = keys.prefix() + ":test:stream:" + UUID.randomUUID();
        streams = redis.stream(String.class, String.class, String.class);
        consumer = new StreamConsumer(redis, guard, "writers", "test-stream");
    }

    @AfterEach
    void removeIt() {
        testRedis.delete(stream);
    }

    @Test
    void aConsumerTakesOverWhatADeadOneLeftAndEveryEntryIsWrittenOnceThenRemoved() {
        assertThat(consumer.createGroup(stream)).isTrue();
        assertThat(consumer.createGroup(stream)).as("a group that exists is left as it is").isTrue();
        for (int n = 1; n <= 5; n++) {
            streams.xadd(stream, Map.of("n", Integer.toString(n)));
        }

        // A consumer reads a batch and dies before its write commits: the batch stays pending with it.
        StreamConsumer.Pass dead = consumer.pass(stream, "dead", Duration.ofMinutes(1), 3, batch -> false);
        assertThat(dead.ending()).isEqualTo(StreamConsumer.Ending.WRITE_FAILED);
        assertThat(streams.xlen(stream)).isEqualTo(5);

        List<String> written = new ArrayList<>();
        StreamConsumer.Pass alive = consumer.pass(stream, "alive", Duration.ZERO, 2, batch -> {
            batch.forEach(entry -> written.add(entry.payload().get("n")));
            return true;
        });
        assertThat(alive.complete()).isTrue();
        assertThat(alive.claimed()).as("the dead consumer's entries, taken over").isEqualTo(3);
        assertThat(written).containsExactlyInAnyOrder("1", "2", "3", "4", "5");
        assertThat(streams.xlen(stream)).as("acknowledged and deleted").isZero();
    }

    @Test
    void aFailedWriteLeavesItsBatchFirstInLineForTheSameConsumer() {
        consumer.createGroup(stream);
        streams.xadd(stream, Map.of("n", "1"));
        assertThat(consumer.pass(stream, "one", Duration.ofMinutes(1), 10, batch -> false).ending())
                .isEqualTo(StreamConsumer.Ending.WRITE_FAILED);
        streams.xadd(stream, Map.of("n", "2"));

        List<List<String>> batches = new ArrayList<>();
        StreamConsumer.Pass next = consumer.pass(stream, "one", Duration.ofMinutes(1), 10, batch -> {
            batches.add(batch.stream().map(entry -> entry.payload().get("n")).toList());
            return true;
        });
        assertThat(next.complete()).isTrue();
        assertThat(next.claimed()).as("its own pending entries are not a take-over").isZero();
        assertThat(batches).containsExactly(List.of("1"), List.of("2"));
        assertThat(streams.xlen(stream)).isZero();
    }
}
