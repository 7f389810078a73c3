package org.acme.shop.inventory.flashsale;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import org.acme.shop.inventory.InventoryConfig;
import org.acme.shop.inventory.flashsale.writer.FlashSaleWriter;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;

/**
 * A flash sale's gate in Redis from its install to its removal: installed at the start of the sale and after Redis lost
 * it ({@link #INSTALL}, from what {@link FlashSaleWriter#rebuild} counted), shown to the API ({@link #state}), closed
 * when the sale ends, removed once its stream is written. What the gate decides is {@link FlashSaleGate}'s.
 * <p>
 * It runs on the named client {@code sessions}, like the gate. Every command goes through {@link RedisGuard}; each
 * method returns {@code null} (or {@code false}) when Redis failed, and the caller decides.
 */
@ApplicationScoped
public class FlashSaleGateLifecycle {

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

    private final RedisDataSource redis;
    private final HashCommands<String, String, String> hashes;
    private final KeyCommands<String> keyCommands;
    private final RedisGuard guard;
    private final FlashSaleKeys keys;
    private final Duration keyGrace;

    public FlashSaleGateLifecycle(@RedisClientName("sessions") RedisDataSource redis,
            @RedisClientName("sessions") RedisGuard guard, FlashSaleKeys keys, InventoryConfig config) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.keyCommands = redis.key();
        this.guard = guard;
        this.keys = keys;
        this.keyGrace = config.flashSale().keyGrace();
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
                Long.toString(sale.endsAt().toInstant().toEpochMilli()), Long.toString(keysExpireAt),
                FlashSaleKeys.WRITERS_GROUP, Integer.toString(unitsPerUser.size())));
        unitsPerUser.forEach((user, units) -> args.addAll(List.of(Long.toString(user), Integer.toString(units))));
        reservationPerKey.forEach((key, reservation) -> args.addAll(List.of(key, reservation)));
        return guard.call("flash-sale-install", () -> INSTALL.run(redis, keys.flashSaleKeys(sale.sku()),
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
        guard.run("flash-sale-delete", () -> keyCommands.unlink(keys.flashSaleKeys(sku).toArray(String[]::new)));
    }
}
