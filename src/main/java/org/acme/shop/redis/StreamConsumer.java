package org.acme.shop.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;

/**
 * One consumer of a Redis Stream's consumer group: the read half of a <b>write-behind</b>, where every instance is a
 * consumer of the group and the instances share the entries instead of electing a leader. A {@link #pass} over one
 * stream hands its entries to the caller in batches of at most {@code batchSize}, in this order:
 * <ol>
 * <li>entries delivered to this consumer and not acknowledged (its last batch failed): {@code XREADGROUP … 0};</li>
 * <li>entries another consumer has held for {@code claimIdle} without acknowledging them (it died):
 * {@code XAUTOCLAIM}, walking its cursor through the whole pending list;</li>
 * <li>new entries: {@code XREADGROUP … >}, until a batch comes back short.</li>
 * </ol>
 * Each batch goes to the caller's {@code write} step, and only once that says it is written (committed) to its
 * {@code acknowledge} step: by default {@link #ACKNOWLEDGE}. So an entry leaves the stream only once its destination
 * holds it: a consumer that dies before its commit leaves its entries to be claimed, one that dies between commit and
 * acknowledgement leaves entries that are written again, which the destination must take as a no-op. A failed step
 * ends the pass; the batch stays pending with this consumer, first in line at its next pass.
 * <p>
 * Not a bean: a feature builds one in its constructor, with the data source and the guard of its role, its group and
 * the operation its Redis failures are counted under ({@code cache_redis_errors_total{operation}}).
 */
public final class StreamConsumer {

    /**
     * Acknowledges written entries and deletes them, in one step: the stream then holds only entries whose destination
     * may not have them. {@code KEYS} the stream; {@code ARGV} the group, then the entry ids.
     */
    public static final LuaScript ACKNOWLEDGE = LuaScript.of("""
            local ids = {}
            for i = 2, #ARGV do
              ids[#ids + 1] = ARGV[i]
            end
            redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
            return redis.call('XDEL', KEYS[1], unpack(ids))
            """);

    /** The cursor of {@code XAUTOCLAIM} at the start of the pending list, and again once it has walked through it. */
    private static final String FIRST = "0-0";

    /** One step of a batch, the caller's: {@code false} when it failed, which ends the pass. */
    @FunctionalInterface
    public interface BatchStep {
        boolean apply(List<StreamMessage<String, String, String>> batch);
    }

    /** How a pass ended. */
    public enum Ending { COMPLETE, READ_FAILED, WRITE_FAILED, ACKNOWLEDGE_FAILED }

    /** How a pass ended, and how many entries it took over from other consumers and acknowledged. */
    public record Pass(Ending ending, int claimed) {

        public boolean complete() {
            return ending == Ending.COMPLETE;
        }
    }

    private final RedisDataSource redis;
    private final StreamCommands<String, String, String> streams;
    private final RedisGuard guard;
    private final String group;
    private final String operation;

    public StreamConsumer(RedisDataSource redis, RedisGuard guard, String group, String operation) {
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.guard = guard;
        this.group = group;
        this.operation = operation;
    }

    /**
     * Creates the group on the stream (and the stream, if nothing was added yet), from the first entry, so that
     * entries added before the first consumer started are not skipped. A group that exists is left as it is.
     *
     * @return false when Redis failed
     */
    public boolean createGroup(String stream) {
        return guard.call(operation, () -> {
            try {
                streams.xgroupCreate(stream, group, "0", new XGroupCreateArgs().mkstream());
            } catch (RuntimeException e) {
                if (!isBusyGroup(e)) {
                    throw e;
                }
            }
            return true;
        }, () -> false);
    }

    /** One pass as {@code consumer}; each written batch is acknowledged with {@link #ACKNOWLEDGE}. */
    public Pass pass(String stream, String consumer, Duration claimIdle, int batchSize, BatchStep write) {
        return pass(stream, consumer, claimIdle, batchSize, write, batch -> acknowledge(stream, batch));
    }

    /**
     * One pass as {@code consumer}, for a caller whose acknowledgement must change more than the stream in the same
     * step (a counter of what is pending): its {@code acknowledge} replaces {@link #ACKNOWLEDGE}.
     */
    public Pass pass(String stream, String consumer, Duration claimIdle, int batchSize, BatchStep write,
            BatchStep acknowledge) {
        // 1. ours, left by a failed batch
        List<StreamMessage<String, String, String>> batch;
        do {
            batch = guard.call(operation, () -> streams.xreadgroup(group, consumer, stream, "0",
                    new XReadGroupArgs().count(batchSize)), () -> null);
            Ending ending = handle(batch, write, acknowledge);
            if (ending != null) {
                return new Pass(ending, 0);
            }
        } while (batch.size() == batchSize);
        // 2. claimed from consumers that stopped acknowledging (died)
        int claimed = 0;
        String cursor = FIRST;
        do {
            String from = cursor;
            ClaimedMessages<String, String, String> taken = guard.call(operation, () -> streams.xautoclaim(stream,
                    group, consumer, claimIdle, from, batchSize), () -> null);
            Ending ending = handle(taken == null ? null : taken.getMessages(), write, acknowledge);
            if (ending != null) {
                return new Pass(ending, claimed);
            }
            claimed += taken.getMessages().size();
            cursor = taken.getId();
        } while (!FIRST.equals(cursor));
        // 3. new
        do {
            batch = guard.call(operation, () -> streams.xreadgroup(group, consumer, stream, ">",
                    new XReadGroupArgs().count(batchSize)), () -> null);
            Ending ending = handle(batch, write, acknowledge);
            if (ending != null) {
                return new Pass(ending, claimed);
            }
        } while (batch.size() == batchSize);
        return new Pass(Ending.COMPLETE, claimed);
    }

    /** Runs {@link #ACKNOWLEDGE}; {@code false} when Redis failed (the entries are written again later: no harm). */
    public boolean acknowledge(String stream, List<StreamMessage<String, String, String>> batch) {
        List<String> args = new ArrayList<>(batch.size() + 1);
        args.add(group);
        batch.forEach(entry -> args.add(entry.id()));
        return guard.call(operation, () -> {
            ACKNOWLEDGE.run(redis, List.of(stream), args.toArray(String[]::new));
            return true;
        }, () -> false);
    }

    /** Writes and acknowledges one batch read; {@code null} when the pass goes on, else how it ends. */
    private static Ending handle(List<StreamMessage<String, String, String>> batch, BatchStep write,
            BatchStep acknowledge) {
        if (batch == null) {
            return Ending.READ_FAILED;
        }
        if (batch.isEmpty()) {
            return null;
        }
        if (!write.apply(batch)) {
            return Ending.WRITE_FAILED;
        }
        return acknowledge.apply(batch) ? null : Ending.ACKNOWLEDGE_FAILED;
    }

    private static boolean isBusyGroup(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("BUSYGROUP")) {
                return true;
            }
        }
        return false;
    }
}
