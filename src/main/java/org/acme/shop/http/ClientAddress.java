package org.acme.shop.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The address a per-address limit counts, and the bucket it falls in.
 * <p>
 * Without proxy trust it is the connection's peer: a client cannot choose its bucket by sending
 * {@code X-Forwarded-For}. With Quarkus's own settings ({@code quarkus.http.proxy.proxy-address-forwarding=true},
 * {@code quarkus.http.proxy.allow-x-forwarded=true}, {@code quarkus.http.proxy.trusted-proxies}) and a peer that is
 * one of the trusted proxies, it is the <b>right-most</b> {@code X-Forwarded-For} entry that is not a trusted proxy.
 * Each proxy appends the address it saw to the right, so the entries left of the first untrusted one are whatever the
 * client wrote; Quarkus itself takes the left-most, which is why this class reads the header again, beside the
 * socket's own peer ({@code connection().remoteAddress()}, which Quarkus does not rewrite).
 * <p>
 * IPv6 addresses are bucketed per {@code /64}: one subscriber commonly gets a whole {@code /64}, so counting per
 * {@code /128} would give a client 2<sup>64</sup> buckets.
 * <p>
 * {@code trusted-proxies} may list addresses and CIDR blocks here; a host name in it is trusted by Quarkus but not
 * matched by this class (it would need a DNS look-up per request), and is reported once at start-up.
 */
@ApplicationScoped
public class ClientAddress {

    private static final Logger LOG = Logger.getLogger(ClientAddress.class);
    private static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private final boolean readsForwardedFor;
    private final List<Block> trusted;

    public ClientAddress(
            @ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false")
            boolean forwarding,
            @ConfigProperty(name = "quarkus.http.proxy.allow-x-forwarded", defaultValue = "false")
            boolean allowXForwarded,
            @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies") Optional<List<String>> trustedProxies) {
        this.readsForwardedFor = forwarding && allowXForwarded;
        this.trusted = new ArrayList<>();
        for (String entry : trustedProxies.orElse(List.of())) {
            Block block = Block.parse(entry.strip());
            if (block == null) {
                LOG.warnf("quarkus.http.proxy.trusted-proxies: %s is not an address or CIDR block; ClientAddress "
                        + "will not skip it in X-Forwarded-For", entry);
            } else {
                trusted.add(block);
            }
        }
    }

    /** The bucket of the client that sent {@code request}: an IPv4 address, or an IPv6 {@code /64}. */
    public String of(HttpServerRequest request) {
        InetAddress peer = peer(request);
        if (peer == null) {
            return "unknown";
        }
        if (!readsForwardedFor || !isTrusted(peer)) {
            return bucket(peer);
        }
        InetAddress client = peer;
        List<String> entries = forwardedFor(request);
        for (int i = entries.size() - 1; i >= 0; i--) {
            InetAddress entry = literal(entries.get(i));
            if (entry == null) {
                break;                                   // not written by a proxy: keep the last address we trust
            }
            client = entry;
            if (!isTrusted(entry)) {
                break;
            }
        }
        return bucket(client);
    }

    /**
     * {@code address} as a limit counts it: IPv4 as it is, IPv6 as its first 64 bits ({@code 2001:db8:0:1::/64}).
     * An IPv4 address mapped into IPv6 is IPv4.
     */
    public static String bucket(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            try {
                String text = InetAddress.getByAddress(prefix).getHostAddress();
                return text.substring(0, text.length() - "0:0:0:0".length()) + ":/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are an IPv6 address", e);
            }
        }
        return address.getHostAddress();
    }

    /**
     * {@code text} as an address when it is an IPv4 or IPv6 literal (an IPv4 entry may carry a port, an IPv6 one
     * brackets and a port), else {@code null}. Never a DNS look-up: only literals reach {@link InetAddress}.
     */
    static InetAddress literal(String text) {
        String host = text.strip();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? "" : host.substring(1, end);
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') > 0) {
            host = host.substring(0, host.indexOf(':'));                      // a.b.c.d:port
        }
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        try {
            byte[] v4 = ipv4(host);
            if (v4 != null) {
                return InetAddress.getByAddress(v4);
            }
            return host.length() <= 45 && IPV6.matcher(host).matches() ? InetAddress.getByName(host) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The four bytes of a dotted IPv4 literal ({@code 1} to {@code 3} digits each, at most {@code 255}), else
     * {@code null}. Read by hand, not with a pattern: every read of a product asks for its client's address (views).
     */
    private static byte[] ipv4(String host) {
        byte[] address = new byte[4];
        int octet = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else if (c == '.' && digits > 0 && octet < 3 && value <= 255) {
                address[octet++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (octet != 3 || digits == 0 || value > 255) {
            return null;
        }
        address[3] = (byte) value;
        return address;
    }

    private boolean isTrusted(InetAddress address) {
        if (trusted.isEmpty()) {
            return true;                                 // Quarkus trusts every peer when no proxy is named
        }
        return trusted.stream().anyMatch(block -> block.contains(address));
    }

    private static InetAddress peer(HttpServerRequest request) {
        SocketAddress socket = request.connection() == null ? request.remoteAddress()
                : request.connection().remoteAddress();
        return socket == null || socket.hostAddress() == null ? null : literal(socket.hostAddress());
    }

    private static List<String> forwardedFor(HttpServerRequest request) {
        List<String> entries = new ArrayList<>();
        for (String header : request.headers().getAll(FORWARDED_FOR)) {
            for (String entry : header.split(",")) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** One entry of {@code trusted-proxies}: an address ({@code /32} or {@code /128}) or a CIDR block. */
    private record Block(byte[] network, int prefix) {

        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                return null;
            }
            int bits = address.getAddress().length * 8;
            try {
                int prefix = slash < 0 ? bits : Integer.parseInt(entry.substring(slash + 1));
                return prefix < 0 || prefix > bits ? null : new Block(address.getAddress(), prefix);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (bytes[whole] & mask) == (network[whole] & mask);
        }
    }
}
