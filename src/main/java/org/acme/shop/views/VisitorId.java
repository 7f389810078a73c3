package org.acme.shop.views;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import org.acme.shop.ratelimit.ClientAddress;

/**
 * Who viewed a product, for the unique-viewer counts: the SHA-256 of the session token the request carries (the
 * {@code Authorization: Bearer} token or the {@code SESSION} cookie), else of the client address
 * ({@link ClientAddress}). Cheap on purpose: a public read never looks the session up, so a signed-in user with two
 * sessions counts as two visitors, and every client behind one address (without a session) as one.
 * <p>
 * Only the first 128 bits of the hash leave this class. A HyperLogLog keeps no element, only registers, so neither
 * the token nor the address is stored anywhere; hashing keeps them out of the commands Redis sees too (its slow log,
 * {@code MONITOR}). It is not anonymisation: an IPv4 address can be found again from its hash by trying them all.
 */
final class VisitorId {

    private static final String BEARER = "Bearer ";
    private static final String COOKIE = "SESSION";

    private VisitorId() {
    }

    static String of(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return hash("token " + authorization.substring(BEARER.length()).strip());
        }
        Cookie session = request.getCookie(COOKIE);
        if (session != null && !session.getValue().isEmpty()) {
            return hash("token " + session.getValue());
        }
        return hash("address " + ClientAddress.of(request));
    }

    static String hash(String visitor) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(visitor.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
