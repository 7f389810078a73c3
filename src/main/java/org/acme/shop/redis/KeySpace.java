package org.acme.shop.redis;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The shared part of every Redis key name: the prefix ({@code cache.key-prefix}), the encoding of a segment, and the
 * keys of the kernel itself. Every key reads {@code <prefix>:<area>:<entity>:<id>}; each feature builds its own in one
 * small class on this prefix ({@code CatalogKeys}, {@code SessionKeys}, …), and the key table of
 * {@code docs/reference.md} lists them all with their type and TTL. Nothing else concatenates a key by hand.
 */
@ApplicationScoped
public class KeySpace {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(KeySpace::newSha256);

    private final String prefix;

    public KeySpace(CacheConfig config) {
        this.prefix = config.keyPrefix();
    }

    public String prefix() {
        return prefix;
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

    /**
     * STRING that nothing writes: what the health check reads ({@code GET} of a missing key answers nil, and any answer
     * means the server is up). The one key both roles' ACL users may touch, and only read ({@code %R~} in
     * {@code k8s/redis/users.acl}): each role's other keys are its own.
     */
    public String health() {
        return prefix + ":health";
    }

    /** A key segment from any value: URL-encoded, so that a ':', a space or a brace cannot add segments or tags. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@link #segment} of the value in lower case (a category, a slug), the same in every default locale. */
    public static String lowerCaseSegment(String value) {
        return segment(value.toLowerCase(Locale.ROOT));
    }

    /** The hex SHA-256 of a value that must not appear in Redis as it is (an email, a client address, a token). */
    public static String sha256(String value) {
        return HexFormat.of().formatHex(sha256Bytes(value));
    }

    /**
     * The SHA-256 of a value's UTF-8 bytes. The one place of the code base that makes a SHA-256 digest for Redis
     * (the HTTP kernel, which imports no other package, keeps its own for entity tags): one per thread, since
     * {@code MessageDigest.getInstance} costs more than hashing a short value, and a read of the hot path hashes one.
     */
    public static byte[] sha256Bytes(String value) {
        return SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
