package org.acme.shop.views;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;

/** Looks into the view keys, on the client the application writes them with (the persistent role, {@code sessions}). */
@ApplicationScoped
public class ViewRedis {

    private final RedisDataSource redis;
    private final StreamCommands<String, String, String> streams;
    private final ViewKeys keys;
    private final ViewCounter counter;

    ViewRedis(@RedisClientName("sessions") RedisDataSource redis, ViewKeys keys, ViewCounter counter) {
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.keys = keys;
        this.counter = counter;
    }

    /** Sends the views the application added up since its last send, now (for a test outside this package). */
    public void sendBuffered() {
        counter.sendBuffered();
    }

    String pendingKey(long productId) {
        return keys.viewsPending(counter.shard(productId), productId);
    }

    String stream(long productId) {
        return keys.viewStream(counter.shard(productId));
    }

    /** The product's views in the entries still in its stream. */
    long viewsInStream(long productId) {
        return entries(productId).stream()
                .mapToLong(entry -> Long.parseLong(entry.payload().get(Long.toString(productId)))).sum();
    }

    /** The entries that hold views of the product (an entry holds every product of one send). */
    List<StreamMessage<String, String, String>> entries(long productId) {
        return streams.xrange(stream(productId), StreamRange.of("-", "+")).stream()
                .filter(entry -> entry.payload() != null && entry.payload().containsKey(Long.toString(productId)))
                .toList();
    }

    /** The fields of the entries that hold views of any product from {@code from} to {@code to}. */
    List<Map<String, String>> entriesOfAnyOf(long from, long to) {
        return streams.xrange(keys.viewStream(0), StreamRange.of("-", "+")).stream()
                .filter(entry -> entry.payload() != null && entry.payload().keySet().stream()
                        .anyMatch(field -> !"at".equals(field) && Long.parseLong(field) >= from && Long.parseLong(field) <= to))
                .map(StreamMessage::payload).toList();
    }

    /** Removes the view keys of products that do not exist, once their entries are flushed. */
    void forget(long from, long to) {
        for (long id = from; id <= to; id++) {
            redis.key().del(pendingKey(id), keys.viewVisitors(counter.shard(id), id, java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
        }
    }

    /** Entries delivered to the flushers' group and not acknowledged yet, per consumer. */
    Map<String, Long> pendingByConsumer(long productId) {
        return streams.xpending(stream(productId), ViewFlusher.GROUP).getConsumers();
    }

    /** What a flusher that is about to die does first: takes entries for itself, {@code XREADGROUP … >}. */
    List<StreamMessage<String, String, String>> readAs(String consumer, long productId, int count) {
        return streams.xreadgroup(ViewFlusher.GROUP, consumer, stream(productId), ">",
                new XReadGroupArgs().count(count));
    }

    long strlen(String key) {
        return redis.value(String.class).strlen(key);
    }
}
