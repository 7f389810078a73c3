package org.acme.shop.inventory.flashsale;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.smallrye.mutiny.Uni;
import org.acme.shop.inventory.InventoryConfig;
import org.acme.shop.redis.KeySpace;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;

/**
 * The Redis side of a flash sale: the <b>gate</b> that decides each reservation in one Lua script, and the
 * <b>stream</b> that carries the accepted ones to PostgreSQL ({@link FlashSaleWriter}). Every key of a sale carries the
 * hash tag {@code {sku}} ({@link KeySpace#flashSaleGate}), so the script that touches four of them runs unchanged on
 * Redis Cluster.
 * <p>
 * It runs on the named client {@code sessions}, the persistent role (AOF, {@code noeviction}): the gate is not a copy
 * of anything, it holds the only count of units left, and the stream holds reservations that PostgreSQL does not have
 * yet. Every command goes through {@link RedisGuard}; each method returns {@code null} (or {@code false}) when Redis
 * failed, and the caller decides: a reservation then gets a {@code 503}, never a decision made without the gate.
 */
@ApplicationScoped
public class FlashSaleGate {

    /** The consumer group of the writers; every instance is one consumer in it. */
    static final String GROUP = "writers";

    /**
     * Decides one reservation. The check of the window, the per-user limit and the idempotency key, the decrement and
     * the append to the stream are one step: two buyers racing for the last unit cannot both see it, and a reservation
     * is on the stream exactly when it was counted, so the writer has everything the gate handed out.
     * <p>
     * {@code KEYS} gate, users, idempotency, stream; {@code ARGV} user id, quantity, idempotency key or '', reservation
     * id, createdAt, expiresAt, now (epoch ms). Returns {@code {outcome, detail}}: OK (units left), REPLAY (the
     * reservation already accepted for this key, as {@code id|quantity|createdAt|expiresAt}), NOGATE, ENDED,
     * NOTSTARTED, LIMIT (units the user may still take), SOLDOUT (units left).
     * <p>
     * It does no more than the decision needs: the users HASH gets its expiry only from a buyer's first units (a
     * HASH can only be created then), and an entry without an idempotency key carries no {@code key} field.
     */
    static final LuaScript RESERVE = LuaScript.of("""
            local gate = redis.call('HMGET', KEYS[1], 'remaining', 'perUserLimit', 'startsAt', 'endsAt', 'closed',
                                    'keysExpireAt')
            if not gate[1] then
              return {'NOGATE', ''}
            end
            local idem = false
            if ARGV[3] ~= '' then
              idem = ARGV[1] .. ':' .. ARGV[3]
              local seen = redis.call('HGET', KEYS[3], idem)
              if seen then
                return {'REPLAY', seen}
              end
            end
            local now = tonumber(ARGV[7])
            if gate[5] or now >= tonumber(gate[4]) then
              return {'ENDED', ''}
            end
            if now < tonumber(gate[3]) then
              return {'NOTSTARTED', ''}
            end
            local quantity = tonumber(ARGV[2])
            local used = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
            if used + quantity > tonumber(gate[2]) then
              return {'LIMIT', tostring(tonumber(gate[2]) - used)}
            end
            local remaining = tonumber(gate[1])
            if remaining < quantity then
              return {'SOLDOUT', tostring(remaining)}
            end
            redis.call('HINCRBY', KEYS[1], 'remaining', -quantity)
            if redis.call('HINCRBY', KEYS[2], ARGV[1], quantity) == quantity then
              redis.call('PEXPIREAT', KEYS[2], gate[6])     -- a new buyer: the HASH may have been created just now
            end
            if idem then
              redis.call('HSET', KEYS[3], idem, ARGV[4] .. '|' .. ARGV[2] .. '|' .. ARGV[5] .. '|' .. ARGV[6])
              redis.call('PEXPIREAT', KEYS[3], gate[6])
              redis.call('XADD', KEYS[4], '*', 'id', ARGV[4], 'owner', ARGV[1], 'quantity', ARGV[2],
                         'createdAt', ARGV[5], 'expiresAt', ARGV[6], 'key', ARGV[3])
            else
              redis.call('XADD', KEYS[4], '*', 'id', ARGV[4], 'owner', ARGV[1], 'quantity', ARGV[2],
                         'createdAt', ARGV[5], 'expiresAt', ARGV[6])
            end
            return {'OK', tostring(remaining - quantity)}
            """);

    /**
     * Installs a sale's gate unless this sale's gate is there: at the start, and after Redis lost it. The per-user
     * counts and idempotency keys come with it, so that a rebuilt gate still enforces the limit and recognises a retry.
     * The consumer group is created from the stream's first entry ({@code 0}), so that entries that survived are
     * written too; a group that exists already is left as it is.
     * <p>
     * {@code KEYS} gate, users, idempotency, stream; {@code ARGV} sale id, remaining, perUserLimit, quantity, startsAt,
     * endsAt, keysExpireAt (epoch ms), group, number of users, then user/units pairs, then key/reservation pairs.
     * Returns 1 when installed, 0 when this sale's gate was there.
     */
    static final LuaScript INSTALL = LuaScript.of("""
            if redis.call('HGET', KEYS[1], 'saleId') == ARGV[1] then
              return 0
            end
            redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
            redis.call('HSET', KEYS[1], 'saleId', ARGV[1], 'remaining', ARGV[2], 'perUserLimit', ARGV[3],
                       'quantity', ARGV[4], 'startsAt', ARGV[5], 'endsAt', ARGV[6], 'keysExpireAt', ARGV[7])
            redis.call('PEXPIREAT', KEYS[1], ARGV[7])
            local i = 10
            for _ = 1, tonumber(ARGV[9]) do
              redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
              i = i + 2
            end
            while i < #ARGV do
              redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
              i = i + 2
            end
            redis.call('PEXPIREAT', KEYS[2], ARGV[7])
            redis.call('PEXPIREAT', KEYS[3], ARGV[7])
            redis.pcall('XGROUP', 'CREATE', KEYS[4], ARGV[8], '0', 'MKSTREAM')
            return 1
            """);

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

    /** Outcome of one call of {@link #RESERVE}. */
    public enum Outcome { OK, REPLAY, NOGATE, ENDED, NOTSTARTED, LIMIT, SOLDOUT }

    public record Verdict(Outcome outcome, String detail) {
    }

    private final RedisDataSource redis;
    private final HashCommands<String, String, String> hashes;
    private final KeyCommands<String> keyCommands;
    private final StreamCommands<String, String, String> streams;
    private final RedisGuard guard;
    private final FlashSaleKeys keys;
    private final Duration keyGrace;

    public FlashSaleGate(@RedisClientName("sessions") RedisDataSource redis,
            @RedisClientName("sessions") RedisGuard guard, FlashSaleKeys keys, InventoryConfig config) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.streams = redis.stream(String.class);
        this.guard = guard;
        this.keys = keys;
        this.keyGrace = config.flashSale().keyGrace();
    }

    /**
     * Runs {@link #RESERVE} without blocking: the reservation waits for its one round trip on the event loop, not on a
     * worker thread ({@link FlashSaleService#reserve}). The item is {@code null} when Redis failed.
     */
    public Uni<Verdict> reserve(String sku, long ownerId, int quantity, String idempotencyKey, UUID id,
            OffsetDateTime createdAt, OffsetDateTime expiresAt) {
        return guard.callAsync("flash-sale-reserve", () -> RESERVE.runAsync(redis, saleKeys(sku),
                Long.toString(ownerId), Integer.toString(quantity), idempotencyKey == null ? "" : idempotencyKey,
                id.toString(), createdAt.toString(), expiresAt.toString(), Long.toString(System.currentTimeMillis()))
                .map(reply -> new Verdict(Outcome.valueOf(reply.get(0).toString()), reply.get(1).toString())),
                () -> null);
    }

    /** The gate as the API shows it; {@code null} when there is none or Redis failed. */
    public FlashSaleView state(String sku) {
        Map<String, String> gate = guard.call("flash-sale-state", () -> hashes.hgetall(keys.flashSaleGate(sku)),
                Map::of);
        if (gate.isEmpty() || !gate.containsKey("remaining")) {
            return null;
        }
        Instant startsAt = Instant.ofEpochMilli(Long.parseLong(gate.get("startsAt")));
        Instant endsAt = Instant.ofEpochMilli(Long.parseLong(gate.get("endsAt")));
        Instant now = Instant.now();
        boolean active = !gate.containsKey("closed") && !now.isBefore(startsAt) && now.isBefore(endsAt);
        return new FlashSaleView(active, Integer.parseInt(gate.get("quantity")),
                Integer.parseInt(gate.get("remaining")), Integer.parseInt(gate.get("perUserLimit")),
                startsAt.atOffset(ZoneOffset.UTC), endsAt.atOffset(ZoneOffset.UTC));
    }

    /** Whether this sale's gate is in Redis; {@code null} when Redis failed. */
    public Boolean present(FlashSale sale) {
        return guard.call("flash-sale-gate", () -> Long.toString(sale.id())
                .equals(hashes.hget(keys.flashSaleGate(sale.sku()), "saleId")), () -> null);
    }

    /** Runs {@link #INSTALL}; {@code null} when Redis failed. */
    public Boolean install(FlashSale sale, int remaining, Map<Long, Integer> unitsPerUser,
            Map<String, String> reservationPerKey) {
        List<String> args = new ArrayList<>();
        long keysExpireAt = sale.endsAt().toInstant().plus(keyGrace).toEpochMilli();
        args.addAll(List.of(Long.toString(sale.id()), Integer.toString(remaining), Integer.toString(sale.perUserLimit()),
                Integer.toString(sale.quantity()), Long.toString(sale.startsAt().toInstant().toEpochMilli()),
                Long.toString(sale.endsAt().toInstant().toEpochMilli()), Long.toString(keysExpireAt), GROUP,
                Integer.toString(unitsPerUser.size())));
        unitsPerUser.forEach((user, units) -> args.addAll(List.of(Long.toString(user), Integer.toString(units))));
        reservationPerKey.forEach((key, reservation) -> args.addAll(List.of(key, reservation)));
        return guard.call("flash-sale-install", () -> INSTALL.run(redis, saleKeys(sale.sku()),
                args.toArray(String[]::new)).toLong() == 1, () -> null);
    }

    /** Stops the gate from accepting: what is on the stream stays to be written. {@code false} when Redis failed. */
    public boolean close(String sku) {
        return guard.call("flash-sale-close", () -> {
            if (hashes.hget(keys.flashSaleGate(sku), "saleId") != null) {      // never re-create a gate without its count
                hashes.hset(keys.flashSaleGate(sku), "closed", "1");
            }
            return true;
        }, () -> false);
    }

    /** Removes the keys of an ended sale, once its stream is written. */
    public void delete(String sku) {
        guard.run("flash-sale-delete", () -> keyCommands.unlink(saleKeys(sku).toArray(String[]::new)));
    }

    // --- the stream, for the writer ----------------------------------------------------------------------------------

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

    private List<String> saleKeys(String sku) {
        return List.of(keys.flashSaleGate(sku), keys.flashSaleUsers(sku), keys.flashSaleIdempotency(sku),
                keys.flashSaleStream(sku));
    }
}
