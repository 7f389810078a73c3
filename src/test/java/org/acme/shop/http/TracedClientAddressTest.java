package org.acme.shop.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the traces keep of a client's address: its network, never the address (TraceTest sees it in a real trace). */
class TracedClientAddressTest {

    @Test
    void anIpv4AddressBecomesItsSlash24() {
        assertThat(TracedClientAddress.network("203.0.113.77")).isEqualTo("203.0.113.0");
        assertThat(TracedClientAddress.network("203.0.113.77:51234")).isEqualTo("203.0.113.0");
    }

    @Test
    void anIpv6AddressBecomesItsSlash48() {
        assertThat(TracedClientAddress.network("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff"))
                .isEqualTo("2001:db8:aaaa:0:0:0:0:0");
        assertThat(TracedClientAddress.network("[2001:db8:aaaa:1::7]:443")).isEqualTo("2001:db8:aaaa:0:0:0:0:0");
    }

    @Test
    void whatIsNotAnAddressIsDroppedNotLookedUp() {
        assertThat(TracedClientAddress.network("attacker.example")).isEmpty();
        assertThat(TracedClientAddress.network("unknown")).isEmpty();
    }
}
