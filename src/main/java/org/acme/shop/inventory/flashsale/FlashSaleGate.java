package org.acme.shop.inventory.flashsale;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import org.acme.shop.cache.CacheSpans;
import org.acme.shop.inventory.flashsale.writer.FlashSaleWriter;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;

/**
 * The <b>gate</b> of a flash sale: it decides each reservation in one Lua script ({@link #RESERVE}), and appends the
 * accepted ones to the sale's stream, which {@link FlashSaleWriter} writes to PostgreSQL. Every key of a sale carries
 * the hash tag {@code {sku}} ({@link FlashSaleKeys#flashSaleKeys}), so the script that touches four of them runs
 * unchanged on Redis Cluster. {@link FlashSaleGateLifecycle} installs the gate, closes it and removes it.
 * <p>
 * It runs on the named client {@code sessions}, the persistent role (AOF, {@code noeviction}): the gate is not a copy
 * of anything, it holds the only count of units left, and the stream holds reservations that PostgreSQL does not have
 * yet. The script runs through {@link RedisGuard}, and the verdict is {@code null} when Redis failed: the reservation
 * then gets a {@code 503}, never a decision made without the gate.
 */
@ApplicationScoped
public class FlashSaleGate {

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

    /** Outcome of one call of {@link #RESERVE}. */
    /** The span of one reservation at the gate; its outcome is the {@link Outcome}, or {@code failed}. */
    public static final String SPAN = "flash-sale.gate";

    public enum Outcome { OK, REPLAY, NOGATE, ENDED, NOTSTARTED, LIMIT, SOLDOUT }

    public record Verdict(Outcome outcome, String detail) {
    }

    private final RedisDataSource redis;
    private final RedisGuard guard;
    private final FlashSaleKeys keys;
    private final CacheSpans spans;

    public FlashSaleGate(@RedisClientName("sessions") RedisDataSource redis,
            @RedisClientName("sessions") RedisGuard guard, FlashSaleKeys keys, CacheSpans spans) {
        this.redis = redis;
        this.spans = spans;
        this.guard = guard;
        this.keys = keys;
    }

    /**
     * Runs {@link #RESERVE} without blocking: the reservation waits for its one round trip on the event loop, not on a
     * worker thread ({@link FlashSaleService#reserve}). The item is {@code null} when Redis failed.
     */
    public Uni<Verdict> reserve(String sku, long ownerId, int quantity, String idempotencyKey, UUID id,
            OffsetDateTime createdAt, OffsetDateTime expiresAt) {
        return spans.stepAsync(SPAN, "flash-sale", () -> guard.callAsync("flash-sale-reserve",
                () -> RESERVE.runAsync(redis, keys.flashSaleKeys(sku), Long.toString(ownerId),
                        Integer.toString(quantity), idempotencyKey == null ? "" : idempotencyKey, id.toString(),
                        createdAt.toString(), expiresAt.toString(), Long.toString(System.currentTimeMillis()))
                .map(reply -> new Verdict(Outcome.valueOf(reply.get(0).toString()), reply.get(1).toString())),
                () -> null), verdict -> verdict == null ? "failed" : verdict.outcome().name());
    }
}
