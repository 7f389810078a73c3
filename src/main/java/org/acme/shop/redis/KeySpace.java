package org.acme.shop.redis;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
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

    /**
     * STRING, TTL of a few seconds: held by the one instance that loads a missing read-through key, e.g.
     * {@code shop:catalog:lock:brand:barista} for {@code shop:catalog:brand:barista}: the area's {@code lock:} segment
     * put in front of the rest of the key.
     */
    public String readThroughLock(String cacheKey) {
        String area = cacheKey.substring(0, cacheKey.indexOf(':', prefix.length() + 1) + 1);
        return area + "lock:" + cacheKey.substring(area.length());
    }

    /** STRING: every brand as a JSON array, read-through. */
    public String brands() {
        return prefix + ":catalog:brands:all";
    }

    /** STRING: one brand as JSON, read-through, under its slug (lower-case letters, digits and '-' only). */
    public String brand(String slug) {
        return prefix + ":catalog:brand:" + encode(slug);
    }

    /** STRING, TTL the hard expiry: the featured products as JSON, refreshed ahead of that expiry. */
    public String featured() {
        return prefix + ":catalog:featured:products";
    }

    /** STRING, TTL of a few seconds: held by the one instance that refreshes the featured products. */
    public String featuredRefreshLock() {
        return prefix + ":catalog:lock:featured:products";
    }

    // --- best sellers --------------------------------------------------------------------------------------------

    /**
     * ZSET product id → units sold on one UTC day, e.g. {@code shop:{bestsellers}:day:2026-11-25}. Every day key
     * carries the hash tag {@code {bestsellers}}: {@code ZUNION} reads several days in one command, which Redis Cluster
     * allows only for keys of one slot.
     */
    public String bestSellersDay(LocalDate day) {
        return prefix + ":{bestsellers}:day:" + day;
    }

    /** STRING, TTL of a few seconds: held by the one instance that rebuilds the day keys from PostgreSQL. */
    public String bestSellersRebuildLock() {
        return prefix + ":{bestsellers}:lock:rebuild";
    }

    // --- stores ----------------------------------------------------------------------------------------------------

    /** GEO (a ZSET underneath) of every store, member = store id: the mirror of the {@code store} table. */
    public String storeLocations() {
        return prefix + ":stores:geo:all";
    }

    /** STRING, TTL of a few seconds: held by the one instance that rebuilds {@link #storeLocations()}. */
    public String storeLocationsLock() {
        return prefix + ":stores:lock:geo";
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

    // --- flash sales: every key of one sale carries the hash tag {sku}, so one Lua script may touch them all ---------

    /**
     * HASH {@code saleId, remaining, perUserLimit, quantity, startsAt, endsAt, keysExpireAt[, closed]}: the gate of a
     * flash sale, e.g. {@code shop:flashsale:{KIT-0042}:gate}. Its absence while PostgreSQL says the sale is on means Redis lost it.
     */
    public String flashSaleGate(String sku) {
        return flashSale(sku, "gate");
    }

    /** HASH user id → units reserved in the sale, for the per-user limit. */
    public String flashSaleUsers(String sku) {
        return flashSale(sku, "users");
    }

    /** HASH {@code userId:Idempotency-Key} → the reservation accepted for it. */
    public String flashSaleIdempotency(String sku) {
        return flashSale(sku, "idempotency");
    }

    /** STREAM, no TTL: the accepted reservations that PostgreSQL does not have yet (consumer group {@code writers}). */
    public String flashSaleStream(String sku) {
        return flashSale(sku, "stream");
    }

    /** The braces make the encoded sku the key's hash tag; encoding turns a '{' or '}' in a sku into %7B and %7D. */
    private String flashSale(String sku, String part) {
        return prefix + ":flashsale:{" + URLEncoder.encode(sku, StandardCharsets.UTF_8) + "}:" + part;
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

    // --- product views (write-behind, unique viewers) -----------------------------------------------------------------

    /**
     * STREAM, no TTL: the view deltas of one shard's products waiting for the flusher, e.g.
     * {@code shop:views:stream:{0}}. The braces are a Redis Cluster hash tag: every key of a shard carries the same
     * one, so the scripts that touch several of them run on one node.
     */
    public String viewStream(int shard) {
        return prefix + ":views:stream:{" + shard + "}";
    }

    /** STRING counter, no TTL: one product's views in the stream and not yet flushed; deleted when it reaches 0. */
    public String viewsPending(int shard, long productId) {
        return prefix + ":views:pending:{" + shard + "}:" + productId;
    }

    /** HyperLogLog, TTL of the days the stats can ask for: one product's distinct visitors of one UTC day. */
    public String viewVisitors(int shard, long productId, LocalDate day) {
        return prefix + ":views:visitors:{" + shard + "}:" + productId + ":" + day;
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
