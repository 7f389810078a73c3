package org.acme.shop.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.LocalDate;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.bestsellers.BestSellerKeys;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.inventory.InventoryKeys;
import org.acme.shop.inventory.flashsale.FlashSaleKeys;
import org.acme.shop.session.SessionKeys;
import org.acme.shop.views.ViewKeys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The hash slot the bulk read groups its keys by must be the one Redis Cluster computes, or a group would span two
 * slots and the cluster would refuse it.
 */
@QuarkusTest
@Tag("redis")
class RedisTopologyTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisTopology topology;

    @Inject
    BestSellerKeys bestSellerKeys;

    @Inject
    CatalogKeys catalogKeys;

    @Inject
    FlashSaleKeys flashSaleKeys;

    @Inject
    InventoryKeys inventoryKeys;

    @Inject
    SessionKeys sessionKeys;

    @Inject
    ViewKeys viewKeys;

    @Test
    void aSlotIsTheCrc16OfTheHashTagOrOfTheWholeKey() {
        // 0x31C3 is the check value of CRC-16/XMODEM for "123456789", the one the cluster specification gives.
        assertThat(RedisTopology.slot("123456789")).isEqualTo(0x31C3);
        assertThat(RedisTopology.slot("{user1000}.following")).isEqualTo(RedisTopology.slot("{user1000}.followers"))
                .isEqualTo(RedisTopology.slot("user1000"));
        assertThat(RedisTopology.slot("foo{}{bar}")).as("an empty tag is no tag")
                .isNotEqualTo(RedisTopology.slot("bar"));
        assertThat(RedisTopology.slot("foo{bar}{zap}")).as("the first tag only").isEqualTo(RedisTopology.slot("bar"));
        assertThat(flashSaleKeys.flashSaleGate("KIT-1")).contains("{KIT-1}");
        assertThat(RedisTopology.slot(flashSaleKeys.flashSaleGate("KIT-1"))).isEqualTo(RedisTopology.slot(flashSaleKeys.flashSaleStream("KIT-1")));
    }

    @Test
    void onAClusterRedisComputesTheSameSlotForEveryKindOfKey() {
        assumeTrue(topology.clustered(), "CLUSTER KEYSLOT needs a Redis Cluster (the second pass of .ci/run)");
        List<String> samples = List.of(catalogKeys.product(42), catalogKeys.catalogVersion(), sessionKeys.session("ab12"),
                sessionKeys.userSessions(7), flashSaleKeys.flashSaleGate("KIT-0042"), viewKeys.viewStream(3), viewKeys.viewsPending(3, 42),
                bestSellerKeys.bestSellersDay(LocalDate.of(2026, 11, 25)), inventoryKeys.stock("KIT-0042"), "foo{}{bar}", "foo{{bar}}zap",
                "grüße{über}", "123456789");
        for (String key : samples) {
            long expected = redis.execute("CLUSTER", "KEYSLOT", key).toLong();
            assertThat(RedisTopology.slot(key)).as(key).isEqualTo(expected);
        }
    }
}
