package org.acme.shop.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestResponse.ResponseBuilder;

/**
 * HTTP caching in front of the service's own caches: a public read carries a strong {@code ETag} of its body and
 * {@code Cache-Control: no-cache} (a client or shared cache may keep it, and asks again before each reuse), and a read
 * whose {@code If-None-Match} names the current tag is answered {@code 304 Not Modified} without a body.
 * <p>
 * The tag is taken from the body the cache already holds (the JSON in L1 or Redis, sent as it is): 128 bits of its
 * SHA-256, so two bodies share a tag only if they are the same bytes, which is what a strong tag promises (RFC 9110,
 * section 8.8.1). Checking a tag never needs PostgreSQL: an L1 or Redis hit answers the {@code 304} as it answers the
 * {@code 200}. Why {@code no-cache} and not a {@code max-age}: a write on any instance is visible to the next read
 * (docs/http-caching.md), a promise a client holding a copy for some seconds would break.
 */
public final class EntityTags {

    /** What a public read allows a client or shared cache to do with the answer: keep it, and revalidate it. */
    public static final String CACHE_CONTROL = "no-cache";
    /** The OpenAPI description of the {@code If-None-Match} parameter of a read that answers {@code 304}. */
    public static final String IF_NONE_MATCH_DESCRIPTION = "The ETag of the copy the client holds: 304 Not Modified, "
            + "without a body, while it is current";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final int TAG_BYTES = 16;
    /** One digest per thread, taken once: an L1 hit computes its tag on the event loop, with no provider look-up. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(EntityTags::sha256);

    private EntityTags() {
    }

    /** The strong entity tag of a body, quotes included: {@code "<22 base64url characters>"}. */
    public static String of(String body) {
        byte[] digest = SHA_256.get().digest(body.getBytes(StandardCharsets.UTF_8));
        return '"' + BASE64.encodeToString(Arrays.copyOf(digest, TAG_BYTES)) + '"';
    }

    /**
     * Whether {@code If-None-Match} ({@code null} when absent) names {@code tag}: {@code *}, or a list of tags one of
     * which is {@code tag} under the weak comparison this header uses (RFC 9110, section 13.1.2: {@code W/} ignored).
     */
    public static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        if (ifNoneMatch.strip().equals("*")) {
            return true;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String value = candidate.strip();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.equals(tag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The answer to a public read of {@code body}: {@code 304} with no body when {@code ifNoneMatch} names its tag,
     * else {@code 200} with the body; both with the tag and {@link #CACHE_CONTROL}. The caller adds its own headers.
     */
    public static ResponseBuilder<String> answer(String body, String mediaType, String ifNoneMatch) {
        return answer(body, of(body), mediaType, ifNoneMatch);
    }

    /** As {@link #answer(String, String, String)}, with the body's tag ({@link #of}) that the caller already holds. */
    public static ResponseBuilder<String> answer(String body, String tag, String mediaType, String ifNoneMatch) {
        ResponseBuilder<String> answer = matches(ifNoneMatch, tag)
                ? ResponseBuilder.create(RestResponse.Status.NOT_MODIFIED)
                : ResponseBuilder.ok(body, mediaType);
        return answer.header(HttpHeaders.ETAG, tag).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
