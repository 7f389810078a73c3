package org.acme.shop.inventory.flashsale;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;

/**
 * The stream of a flash sale: the reservations the gate accepted that PostgreSQL may not have yet, read by the
 * consumer group {@value #GROUP} ({@link FlashSaleBatchWriter}, one consumer per instance) and, all at once, by a
 * rebuild of the gate ({@link #unwritten}). Every command goes through {@link RedisGuard}; a read is {@code null} when
 * Redis failed.
 */
@ApplicationScoped
public class FlashSaleStream {

    /** The consumer group of the writers; every instance is one consumer in it. */
    static final String GROUP = "writers";

    /**
     * Acknowledges written entries and deletes them, in one step: the stream then holds only reservations that
     * PostgreSQL may not have, which is what a rebuild counts. {@code KEYS} stream; {@code ARGV} group, entry ids.
     */
    static final LuaScript ACKNOWLEDGE = LuaScript.of("""
            local ids = {}
            for i = 2, #ARGV do
              ids[#ids + 1] = ARGV[i]
            end
            redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
            return redis.call('XDEL', KEYS[1], unpack(ids))
            """);

    private final RedisDataSource redis;
    private final StreamCommands<String, String, String> streams;
    private final RedisGuard guard;
    private final FlashSaleKeys keys;

    public FlashSaleStream(@RedisClientName("sessions") RedisDataSource redis,
            @RedisClientName("sessions") RedisGuard guard, FlashSaleKeys keys) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
        this.guard = guard;
        this.keys = keys;
    }

    /** Every entry still on the stream (accepted, not yet acknowledged as written); {@code null} when Redis failed. */
    public List<StreamMessage<String, String, String>> unwritten(String sku) {
        return guard.call("flash-sale-stream", () -> streams.xrange(keys.flashSaleStream(sku), StreamRange.of("-", "+")),
                () -> null);
    }

    /**
     * Entries for {@code consumer}: {@code 0} re-reads the ones delivered to it and not yet acknowledged, {@code >} reads
     * new ones. Empty when there are none, {@code null} when Redis failed.
     */
    public List<StreamMessage<String, String, String>> read(String sku, String consumer, String from, int count) {
        return guard.call("flash-sale-read", () -> streams.xreadgroup(GROUP, consumer, keys.flashSaleStream(sku), from,
                new XReadGroupArgs().count(count)), () -> null);
    }

    /** Takes over entries delivered to another consumer that has not acknowledged them for {@code minIdle}. */
    public List<StreamMessage<String, String, String>> claim(String sku, String consumer, Duration minIdle, int count) {
        return guard.call("flash-sale-claim", () -> streams.xautoclaim(keys.flashSaleStream(sku), GROUP, consumer,
                minIdle, "0-0", count).getMessages(), () -> null);
    }

    /** Runs {@link #ACKNOWLEDGE}; {@code false} when Redis failed (the entries are written again later: no harm). */
    public boolean acknowledge(String sku, List<String> entryIds) {
        List<String> args = new ArrayList<>(entryIds.size() + 1);
        args.add(GROUP);
        args.addAll(entryIds);
        return guard.call("flash-sale-ack", () -> {
            ACKNOWLEDGE.run(redis, List.of(keys.flashSaleStream(sku)), args.toArray(String[]::new));
            return true;
        }, () -> false);
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
