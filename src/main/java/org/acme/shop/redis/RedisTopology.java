package org.acme.shop.redis;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether the cache's Redis is one server or a Redis Cluster ({@code quarkus.redis.client-type=cluster}), and which
 * of a cluster's 16,384 hash slots a key lives in.
 * <p>
 * Almost nothing else needs to know: one-key commands and scripts whose keys share a hash tag run the same on both.
 * Two things differ, both in {@code ProductCache}, and both are explicit there:
 * <ul>
 * <li>a command or pipeline over keys of several slots: Redis Cluster refuses it ({@code CROSSSLOT}), and the Vert.x
 * client's own split of an {@code MGET} returns the values in the order of its internal map, not of the keys asked;
 * so a bulk read sends one {@code MGET} and one pipeline per slot ({@link #slot});</li>
 * <li>the version guard of a miss reads the catalog version, which lives in one slot, while each product key lives
 * in its own: a script cannot read both in a cluster (docs/production-redis.md, "Redis Cluster").</li>
 * </ul>
 */
@ApplicationScoped
public class RedisTopology {

    /** Slots of a Redis Cluster; a key's slot is the CRC16 of its hash tag (or of the whole key) modulo this. */
    public static final int SLOTS = 16384;

    private final boolean clustered;
    private final boolean sessionsClustered;

    public RedisTopology(
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType,
            @ConfigProperty(name = "quarkus.redis.sessions.client-type", defaultValue = "standalone") String sessions) {
        this.clustered = "cluster".equalsIgnoreCase(clientType);
        this.sessionsClustered = "cluster".equalsIgnoreCase(sessions);
    }

    /** True when the default Redis client (the cache) talks to a Redis Cluster. */
    public boolean clustered() {
        return clustered;
    }

    /** True when the named client {@code sessions} (the persistent role) talks to a Redis Cluster. */
    public boolean sessionsClustered() {
        return sessionsClustered;
    }

    /**
     * The hash slot of {@code key}, as Redis Cluster computes it: CRC16 (XMODEM) of the key modulo 16,384; when the key
     * holds a non-empty hash tag (the text between its first '{' and the first '}' after it), of that tag only. Keys of
     * one slot may be used together by one command, script or transaction.
     */
    public static int slot(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        int to = bytes.length;
        int open = indexOf(bytes, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(bytes, (byte) '}', open + 1);
            if (close > open + 1) {                           // "{}" is no tag: the whole key is hashed
                from = open + 1;
                to = close;
            }
        }
        return crc16(bytes, from, to) % SLOTS;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection; the checksum the cluster specification names. */
    private static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (bytes[i] & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xffff;
    }
}
