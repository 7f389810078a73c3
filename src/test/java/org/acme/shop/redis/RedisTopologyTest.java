package org.acme.shop.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.LocalDate;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The hash slot the bulk read groups its keys by must be the one Redis Cluster computes, or a group would span two
 * slots and the cluster would refuse it.
 */
@QuarkusTest
class RedisTopologyTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisTopology topology;

    @Inject
    KeySpace keys;

    @Test
    void aSlotIsTheCrc16OfTheHashTagOrOfTheWholeKey() {
        // 0x31C3 is the check value of CRC-16/XMODEM for "123456789", the one the cluster specification gives.
        assertThat(RedisTopology.slot("123456789")).isEqualTo(0x31C3);
        assertThat(RedisTopology.slot("{user1000}.following")).isEqualTo(RedisTopology.slot("{user1000}.followers"))
                .isEqualTo(RedisTopology.slot("user1000"));
        assertThat(RedisTopology.slot("foo{}{bar}")).as("an empty tag is no tag")
                .isNotEqualTo(RedisTopology.slot("bar"));
        assertThat(RedisTopology.slot("foo{bar}{zap}")).as("the first tag only").isEqualTo(RedisTopology.slot("bar"));
        assertThat(keys.flashSaleGate("KIT-1")).contains("{KIT-1}");
        assertThat(RedisTopology.slot(keys.flashSaleGate("KIT-1"))).isEqualTo(RedisTopology.slot(keys.flashSaleStream("KIT-1")));
    }

    @Test
    void onAClusterRedisComputesTheSameSlotForEveryKindOfKey() {
        assumeTrue(topology.clustered(), "CLUSTER KEYSLOT needs a Redis Cluster (the second pass of .ci/run)");
        List<String> samples = List.of(keys.product(42), keys.catalogVersion(), keys.session("ab12"),
                keys.userSessions(7), keys.flashSaleGate("KIT-0042"), keys.viewStream(3), keys.viewsPending(3, 42),
                keys.bestSellersDay(LocalDate.of(2026, 11, 25)), keys.stock("KIT-0042"), "foo{}{bar}", "foo{{bar}}zap",
                "grüße{über}", "123456789");
        for (String key : samples) {
            long expected = redis.execute("CLUSTER", "KEYSLOT", key).toLong();
            assertThat(RedisTopology.slot(key)).as(key).isEqualTo(expected);
        }
    }
}
