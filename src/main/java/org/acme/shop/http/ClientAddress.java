package org.acme.shop.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address a per-address limit counts: the connection's peer. Behind a proxy that is the proxy, for every client,
 * unless proxy trust is configured ({@code quarkus.http.proxy.proxy-address-forwarding=true},
 * {@code quarkus.http.proxy.allow-x-forwarded=true} and {@code quarkus.http.proxy.trusted-proxies}): Quarkus then
 * replaces the peer with the address that a trusted proxy wrote into {@code X-Forwarded-For}. Without that
 * configuration the header is ignored, so a client cannot choose its own bucket by sending one.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        return peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
    }
}
