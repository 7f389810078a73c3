package org.acme.shop.common;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place where Redis key names are built. Every key reads {@code <prefix>:<area>:<entity>:<id>}; the key
 * table of {@code docs/reference.md} lists each of them with its type and TTL. Nothing else in the code base
 * concatenates a key by hand.
 */
@ApplicationScoped
public class KeySpace {

    private final String prefix;

    public KeySpace(CacheConfig config) {
        this.prefix = config.keyPrefix();
    }

    public String prefix() {
        return prefix;
    }

    /** STRING: one product as JSON, or the tombstone {@code null} for an id that does not exist. */
    public String product(long id) {
        return prefix + ":catalog:product:" + id;
    }

    /**
     * What every product key starts with, {@code shop:catalog:product:}: the prefix the near cache's tracking
     * connection subscribes to ({@code CLIENT TRACKING ON BCAST PREFIX}). No other key may start with it, or each
     * write of that key would send an invalidation push to every instance.
     */
    public String productKeyPrefix() {
        return prefix + ":catalog:product:";
    }

    /** The id in a product key ({@link #product}), or -1 for any other key. */
    public long productIdOf(String key) {
        String productPrefix = productKeyPrefix();
        if (!key.startsWith(productPrefix) || key.length() == productPrefix.length()
                || key.length() - productPrefix.length() > 18) {
            return -1;
        }
        for (int i = productPrefix.length(); i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(key, productPrefix.length(), key.length(), 10);
    }

    /** STRING counter, no TTL: the version every cached listing key embeds; {@code INCR} retires them all. */
    public String catalogVersion() {
        return prefix + ":catalog:products:version";
    }

    /** STRING: one page of the product listing, valid for one catalog version. */
    public String productPage(long version, String category, int page, int size) {
        String filter = category == null ? "all" : "category=" + encode(category);
        return prefix + ":catalog:products:v" + version + ":" + filter + ":page=" + page + ":size=" + size;
    }

    /** STRING: the category list with product counts, valid for one catalog version. */
    public String categories(long version) {
        return prefix + ":catalog:categories:v" + version;
    }

    /** STRING, TTL of a few seconds: held by the one instance that loads a missing product (stampede protection). */
    public String productLock(long id) {
        return prefix + ":catalog:lock:product:" + id;
    }

    /**
     * STRING, TTL of a few seconds: held by the one instance that loads a missing listing key (stampede protection),
     * e.g. {@code shop:catalog:lock:products:v3:all:page=0:size=20} for {@code shop:catalog:products:v3:all:…}.
     */
    public String listingLock(String listingKey) {
        return prefix + ":catalog:lock:" + listingKey.substring((prefix + ":catalog:").length());
    }

    // --- inventory ------------------------------------------------------------------------------------------------

    /**
     * HASH {@code available, reserved, version}: the write-through copy of one stock row. Product skus are made of
     * letters, digits, '.', '_' and '-', which encoding leaves as they are; it only stops other input from adding key
     * segments.
     */
    public String stock(String sku) {
        return prefix + ":inventory:stock:" + URLEncoder.encode(sku, StandardCharsets.UTF_8);
    }

    // --- sessions -----------------------------------------------------------------------------------------------------

    /** HASH, idle TTL: one login session, under the SHA-256 of its token (never the token itself). */
    public String session(String tokenHash) {
        return prefix + ":session:" + tokenHash;
    }

    /**
     * ZSET, TTL of the absolute session lifetime: the token hashes of one user's sessions, scored by creation time
     * (epoch milliseconds), so the oldest are found without looking at every member. A name of its own, not the
     * {@code :sessions} SET of earlier versions: during a rolling update both kinds exist, and a {@code ZADD} on the
     * old SET would fail with {@code WRONGTYPE}; the old SETs expire within the absolute lifetime.
     */
    public String userSessions(long userId) {
        return prefix + ":user:" + userId + ":sessions-by-created";
    }

    // --- rate limits ---------------------------------------------------------------------------------------------------

    /**
     * STRING counter, TTL of the limit's window: the requests of one subject (an email, a client address, a user) in
     * the current window of one limit. The subject is stored as its SHA-256: no email or address appears in Redis.
     */
    public String rateLimit(String limit, String subject) {
        return prefix + ":ratelimit:" + limit + ":" + sha256(subject);
    }

    private static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Keeps user input from adding key segments (a ':' or a space inside a category name). */
    private static String encode(String value) {
        return URLEncoder.encode(value.toLowerCase(), StandardCharsets.UTF_8);
    }
}
