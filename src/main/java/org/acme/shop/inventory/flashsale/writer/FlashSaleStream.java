package org.acme.shop.inventory.flashsale.writer;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import org.acme.shop.inventory.flashsale.FlashSaleGateLifecycle;
import org.acme.shop.inventory.flashsale.FlashSaleKeys;
import org.acme.shop.inventory.flashsale.FlashSaleStore;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.redis.StreamConsumer;

/**
 * The stream of a flash sale: the reservations the gate accepted that PostgreSQL may not have yet, read by the
 * consumer group {@value FlashSaleKeys#WRITERS_GROUP} ({@link #consume}: {@link FlashSaleBatchWriter}, one consumer per instance, through
 * the kernel's {@link StreamConsumer}) and, all at once, by a rebuild of the gate ({@link #unwritten}). The group is
 * created with the gate, by its {@code INSTALL} script ({@link FlashSaleGateLifecycle}), never without it. Every
 * command goes through {@link RedisGuard}; its failures count under {@code flash-sale-stream}.
 */
@ApplicationScoped
public class FlashSaleStream {

    private final StreamCommands<String, String, String> streams;
    private final StreamConsumer group;
    private final RedisGuard guard;
    private final FlashSaleKeys keys;

    public FlashSaleStream(@RedisClientName("sessions") RedisDataSource redis,
            @RedisClientName("sessions") RedisGuard guard, FlashSaleKeys keys) {
        this.streams = redis.stream(String.class);
        this.group = new StreamConsumer(redis, guard, FlashSaleKeys.WRITERS_GROUP, "flash-sale-stream");
        this.guard = guard;
        this.keys = keys;
    }

    /** Every entry still on the stream (accepted, not yet acknowledged as written); {@code null} when Redis failed. */
    public List<StreamMessage<String, String, String>> unwritten(String sku) {
        return guard.call("flash-sale-stream", () -> streams.xrange(keys.flashSaleStream(sku), StreamRange.of("-", "+")),
                () -> null);
    }

    /**
     * One pass as {@code consumer} of the group over the sale's stream ({@link StreamConsumer#pass}): its own
     * unacknowledged entries, then those idle for {@code claimIdle}, then new ones; each batch {@code write} wrote is
     * acknowledged and deleted, so the stream holds only reservations that PostgreSQL may not have, which is what a
     * rebuild counts.
     */
    public StreamConsumer.Pass consume(String sku, String consumer, Duration claimIdle, int batchSize,
            StreamConsumer.BatchStep write) {
        return group.pass(keys.flashSaleStream(sku), consumer, claimIdle, batchSize, write);
    }

    /** The reservation an entry of the stream carries, as the gate's script appended it. */
    static FlashSaleStore.Entry entry(StreamMessage<String, String, String> message) {
        Map<String, String> fields = message.payload();
        String key = fields.get("key");
        return new FlashSaleStore.Entry(message.id(), UUID.fromString(fields.get("id")),
                Long.parseLong(fields.get("owner")), Integer.parseInt(fields.get("quantity")),
                OffsetDateTime.parse(fields.get("createdAt")), OffsetDateTime.parse(fields.get("expiresAt")),
                key == null || key.isEmpty() ? null : key);
    }
}
