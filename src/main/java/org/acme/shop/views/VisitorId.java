package org.acme.shop.views;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import org.acme.shop.http.ClientAddress;
import org.acme.shop.redis.KeySpace;
import org.acme.shop.session.SessionStore;

/**
 * Who viewed a product, for the unique-viewer counts, in 48 bytes whatever the request sent: the first 128 bits of the
 * SHA-256 of the client address ({@link ClientAddress}), and, when the request carries a session token of the exact
 * form this service issues ({@link SessionStore#isWellFormed}), the token's SHA-256, which names its session key.
 * <p>
 * A visitor is the session, if it exists, else the address. {@link #of} runs on the request thread and only hashes;
 * whether the session exists is asked by the sender, once per distinct token and send, off the request thread
 * ({@link ViewCounter}), which then keeps one of the two ({@link #resolved}). So a public read never waits for Redis,
 * an {@code Authorization} header of 16 KB costs what a missing one does, and a made-up token counts as its address:
 * random bearer strings cannot add visitors, only addresses can. The token and the address themselves are kept
 * nowhere, not even for the send interval; Redis is sent 128 bits of a hash. It is not anonymisation: an IPv4
 * address can be found again from its hash by trying them all.
 *
 * @param high   with {@code low}: what is counted when the visitor has no live session (the address's digest), and
 *               once {@linkplain #resolved resolved}, what is counted
 * @param token0 with {@code token1} to {@code token3}: the SHA-256 of the session token, or all {@code 0} without one
 */
record VisitorId(long high, long low, long token0, long token1, long token2, long token3) {

    private static final String BEARER = "Bearer ";

    /**
     * The visitor of {@code request}: its bearer token (which wins, as in authentication), else its session cookie
     * ({@code cookieName}, {@code SessionConfig.cookieName}), and its address as {@code clients} buckets it.
     */
    static VisitorId of(HttpServerRequest request, ClientAddress clients, String cookieName) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        Cookie session = authorization == null ? request.getCookie(cookieName) : null;
        return from(authorization, session == null ? null : session.getValue(), clients.of(request));
    }

    /**
     * The visitor of a request with these {@code Authorization} header and session cookie value (either may be
     * {@code null}) from {@code address}. Anything that is not a well-formed token is ignored without a copy.
     */
    static VisitorId from(String authorization, String sessionCookie, String address) {
        byte[] addressDigest = KeySpace.sha256Bytes("address " + address);
        ByteBuffer token = null;
        if (authorization != null) {
            if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                int from = BEARER.length();
                int to = authorization.length();
                while (from < to && Character.isWhitespace(authorization.charAt(from))) {
                    from++;
                }
                while (to > from && Character.isWhitespace(authorization.charAt(to - 1))) {
                    to--;
                }
                if (SessionStore.isWellFormed(authorization, from, to)) {
                    token = ByteBuffer.wrap(KeySpace.sha256Bytes(authorization.substring(from, to)));
                }
            }
        } else if (sessionCookie != null && SessionStore.isWellFormed(sessionCookie, 0, sessionCookie.length())) {
            token = ByteBuffer.wrap(KeySpace.sha256Bytes(sessionCookie));
        }
        ByteBuffer counted = ByteBuffer.wrap(addressDigest);
        return token == null ? new VisitorId(counted.getLong(), counted.getLong(), 0, 0, 0, 0)
                : new VisitorId(counted.getLong(), counted.getLong(), token.getLong(), token.getLong(), token.getLong(),
                        token.getLong());
    }

    /** Whether the request carried a well-formed session token, whose session the sender must look for. */
    boolean hasToken() {
        return (token0 | token1 | token2 | token3) != 0;
    }

    /** The token's SHA-256 in hex, as {@link SessionStore#sha256} and so the session's key spell it. */
    String tokenHash() {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(token0) + hex.toHexDigits(token1) + hex.toHexDigits(token2) + hex.toHexDigits(token3);
    }

    /**
     * The visitor to count, with no token left: the session (the first 128 bits of its token's SHA-256) when
     * {@code sessionExists}, else the address.
     */
    VisitorId resolved(boolean sessionExists) {
        return hasToken() && sessionExists ? new VisitorId(token0, token1, 0, 0, 0, 0)
                : new VisitorId(high, low, 0, 0, 0, 0);
    }

    /** What {@code PFADD} is sent: the 128 counted bits, in hex. */
    String element() {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(high) + hex.toHexDigits(low);
    }

}
