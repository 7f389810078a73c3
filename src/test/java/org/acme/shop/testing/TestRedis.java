package org.acme.shop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.RedisKeyNotFoundException;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import org.acme.shop.redis.KeySpace;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisTopology;

/**
 * Looks into the Redis database the tests use (its own index, named by QUARKUS_REDIS_HOSTS). It only ever removes
 * keys under the application's prefix: other keys on a shared server are not the tests' to touch.
 * <p>
 * On a Redis Cluster (the second pass of .ci/run) each master holds the keys of its own slots: SCAN and
 * {@code SCRIPT EXISTS} then ask every master, through a connection of its own, and keys are removed one by one.
 */
@ApplicationScoped
public class TestRedis {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** What {@code ValueSchema} writes in front of a cached JSON value. */
    private static final String SCHEMA_TAG = "[0-9a-f]{8}\\|";

    private final RedisDataSource redis;
    private final KeyCommands<String> keys;
    private final ValueCommands<String, String> values;
    private final HashCommands<String, String, String> hashes;
    private final KeySpace keySpace;
    private final RedisTopology topology;
    private final Vertx vertx;
    private List<Redis> masters;

    public TestRedis(RedisDataSource redis, KeySpace keySpace, RedisTopology topology, Vertx vertx) {
        this.redis = redis;
        this.topology = topology;
        this.vertx = vertx;
        this.keys = redis.key();
        this.values = redis.value(String.class);
        this.hashes = redis.hash(String.class);
        this.keySpace = keySpace;
    }

    public String get(String key) {
        return values.get(key);
    }

    public long incr(String key) {
        return values.incr(key);
    }

    public void set(String key, String value) {
        values.set(key, value);
    }

    /** Every field of a HASH; empty when the key does not exist. */
    public Map<String, String> hgetall(String key) {
        return hashes.hgetall(key);
    }

    public void hset(String key, Map<String, String> fields) {
        hashes.hset(key, fields);
    }

    /** OBJECT ENCODING: how Redis stores the value internally (listpack, hashtable, …). */
    public String encoding(String key) {
        return redis.execute("OBJECT", "ENCODING", key).toString();
    }

    public Set<String> smembers(String key) {
        return redis.set(String.class).smembers(key);
    }

    /** ZRANGE 0 -1: the members of a sorted set, lowest score first. */
    public List<String> zrange(String key) {
        return redis.sortedSet(String.class).zrange(key, 0, -1);
    }

    public void zadd(String key, double score, String member) {
        redis.sortedSet(String.class).zadd(key, score, member);
    }

    /** XLEN: the entries of a stream; 0 when the key does not exist. */
    public long xlen(String key) {
        return redis.stream(String.class).xlen(key);
    }

    public boolean exists(String key) {
        return keys.exists(key);
    }

    public String type(String key) {
        return keys.type(key).name().toLowerCase();
    }

    /**
     * Remaining TTL in seconds; -1 without TTL, -2 when the key does not exist. The client throws for Redis's -2
     * (a key that expired between a SCAN and this call, such as a 60 s tombstone): that is turned back into -2.
     */
    public long ttl(String key) {
        try {
            return keys.ttl(key);
        } catch (RedisKeyNotFoundException expired) {
            return -2;
        }
    }

    /**
     * A cached JSON value as the API answers it: without the schema tag the caches write in front of it
     * ({@code ValueSchema}: eight hex digits and {@code |}). {@code null} when the key is missing; fails when the value
     * carries no tag.
     */
    public String body(String key) {
        String stored = get(key);
        if (stored == null) {
            return null;
        }
        assertThat(stored).as("a cached value behind its schema tag").matches(SCHEMA_TAG + ".*");
        return stored.substring(stored.indexOf('|') + 1);
    }

    public void setWithTtl(String key, String value, long seconds) {
        values.setex(key, seconds, value);
    }

    /** Remaining TTL in milliseconds; -2 when the key does not exist (see {@link #ttl}). */
    public long pttl(String key) {
        try {
            return keys.pttl(key);
        } catch (RedisKeyNotFoundException expired) {
            return -2;
        }
    }

    public void pexpire(String key, long millis) {
        keys.pexpire(key, millis);
    }

    public void expire(String key, long seconds) {
        keys.expire(key, seconds);
    }

    public void delete(String key) {
        keys.del(key);
    }

    /** Runs a Lua script as the application does, to test the script itself. */
    public long eval(LuaScript script, List<String> scriptKeys, String... args) {
        return script.run(redis, scriptKeys, args).toLong();
    }

    /** SCRIPT EXISTS: whether Redis (on a cluster: any master) has this script cached under its SHA-1. */
    public boolean scriptLoaded(LuaScript script) {
        if (!topology.clustered()) {
            return redis.execute("SCRIPT", "EXISTS", script.sha1()).get(0).toLong() == 1;
        }
        return masters().stream().anyMatch(master -> master.send(Request.cmd(Command.SCRIPT).arg("EXISTS")
                .arg(script.sha1())).await().atMost(TIMEOUT).get(0).toLong() == 1);
    }

    /** SCAN (never KEYS) over one pattern; on a cluster, on every master. */
    public List<String> scan(String pattern) {
        List<String> found = new ArrayList<>();
        if (!topology.clustered()) {
            keys.scan(new KeyScanArgs().match(pattern).count(1000)).toIterable().forEach(found::add);
            return found;
        }
        for (Redis master : masters()) {
            String cursor = "0";
            do {
                io.vertx.mutiny.redis.client.Response page = master.send(Request.cmd(Command.SCAN).arg(cursor)
                        .arg("MATCH").arg(pattern).arg("COUNT").arg(1000)).await().atMost(TIMEOUT);
                cursor = page.get(0).toString();
                page.get(1).forEach(key -> found.add(key.toString()));
            } while (!"0".equals(cursor));
        }
        return found;
    }

    /** One connection to each master of the cluster, found with CLUSTER NODES. */
    private synchronized List<Redis> masters() {
        if (masters == null) {
            masters = new ArrayList<>();
            for (String line : redis.execute("CLUSTER", "NODES").toString().split("\n")) {
                String[] fields = line.trim().split(" ");
                if (fields.length > 2 && fields[2].contains("master") && !fields[2].contains("fail")) {
                    String address = fields[1].substring(0, fields[1].indexOf('@'));
                    masters.add(Redis.createClient(vertx, "redis://" + address));
                }
            }
        }
        return masters;
    }

    public List<String> allKeys() {
        return scan("*");
    }

    /** Removes every key under this application's prefix, sessions included: the held session tokens go too. */
    public void deleteAllOfThisApplication() {
        List<String> mine = scan(keySpace.prefix() + ":*");
        if (topology.clustered()) {
            mine.forEach(keys::unlink);                        // each key in its own slot
        } else if (!mine.isEmpty()) {
            keys.unlink(mine.toArray(String[]::new));
        }
        Accounts.forgetSessions();
    }
}
