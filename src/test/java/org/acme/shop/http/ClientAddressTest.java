package org.acme.shop.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

/** The address parsing and bucketing of {@link ClientAddress}, without a server. */
class ClientAddressTest {

    @Test
    void ipv6IsBucketedPerSlash64AndIpv4IsKeptWhole() throws Exception {
        assertThat(ClientAddress.bucket(InetAddress.getByName("2001:db8:0:1:aaaa:bbbb:cccc:dddd")))
                .isEqualTo("2001:db8:0:1::/64");
        assertThat(ClientAddress.bucket(InetAddress.getByName("::1"))).isEqualTo("0:0:0:0::/64");
        assertThat(ClientAddress.bucket(InetAddress.getByName("192.0.2.44"))).isEqualTo("192.0.2.44");
        assertThat(ClientAddress.bucket(InetAddress.getByName("::ffff:192.0.2.44"))).isEqualTo("192.0.2.44");
    }

    @Test
    void onlyLiteralsAreAddressesAndNoNameIsLookedUp() {
        assertThat(ClientAddress.literal(" 192.0.2.1 ")).isEqualTo(address("192.0.2.1"));
        assertThat(ClientAddress.literal("192.0.2.1:8443")).isEqualTo(address("192.0.2.1"));
        assertThat(ClientAddress.literal("[2001:db8::1]:443")).isEqualTo(address("2001:db8::1"));
        assertThat(ClientAddress.literal("fe80::1%eth0")).isEqualTo(address("fe80::1"));
        assertThat(ClientAddress.literal("localhost")).isNull();
        assertThat(ClientAddress.literal("192.0.2.256")).isNull();
        assertThat(ClientAddress.literal("1.2.3")).isNull();
        assertThat(ClientAddress.literal("1.2.3.4.5")).isNull();
        assertThat(ClientAddress.literal("1..2.3")).isNull();
        assertThat(ClientAddress.literal("0001.2.3.4")).isNull();
        assertThat(ClientAddress.literal("1.2.3.4.")).isNull();
        assertThat(ClientAddress.literal("::ffff:192.0.2.1")).isEqualTo(address("192.0.2.1"));
        assertThat(ClientAddress.literal("unknown")).isNull();
        assertThat(ClientAddress.literal("beef:cafe:zz::1")).isNull();
        assertThat(ClientAddress.literal("")).isNull();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
