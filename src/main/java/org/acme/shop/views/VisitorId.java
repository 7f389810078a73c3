package org.acme.shop.views;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import org.acme.shop.http.ClientAddress;

/**
 * Who viewed a product, for the unique-viewer counts: the session token the request carries (the
 * {@code Authorization: Bearer} token or the {@code SESSION} cookie), else the client address
 * ({@link ClientAddress}). Cheap on purpose: a public read never looks the session up, so a signed-in user with two
 * sessions counts as two visitors, and every client behind one address (without a session) as one.
 * <p>
 * {@link #of} runs on the request thread and only names the visitor; {@link #hash} runs on the sender's thread, once
 * per visitor and send, and only its first 128 bits of SHA-256 leave the process. So the token or address stays in the
 * instance's memory for one send interval at most (longer only while Redis is down) and is stored nowhere: a
 * HyperLogLog keeps no element, only registers, and hashing keeps them out of the commands Redis sees too (its slow
 * log, {@code MONITOR}). It is not anonymisation: an IPv4 address can be found again from its hash by trying them all.
 */
final class VisitorId {

    private static final String BEARER = "Bearer ";
    private static final String COOKIE = "SESSION";

    private VisitorId() {
    }

    /** The visitor of {@code request}, not hashed: {@code token <token>} or {@code address <address>}. */
    static String of(HttpServerRequest request, ClientAddress clients) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return "token " + authorization.substring(BEARER.length()).strip();
        }
        Cookie session = request.getCookie(COOKIE);
        if (session != null && !session.getValue().isEmpty()) {
            return "token " + session.getValue();
        }
        return "address " + clients.of(request);
    }

    /** What Redis is sent for {@code visitor}: the first 128 bits of its SHA-256, in hex. */
    static String hash(String visitor) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(visitor.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
