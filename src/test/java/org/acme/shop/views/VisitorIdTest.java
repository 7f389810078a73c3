package org.acme.shop.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.acme.shop.session.SessionStore;
import org.junit.jupiter.api.Test;

/**
 * Who a visitor is ({@link VisitorId}), without Redis: only a token of the exact form this service issues is kept as
 * a token, as its SHA-256 (the name of its session key), and everything else counts as the address.
 */
class VisitorIdTest {

    private static final String ADDRESS = "192.0.2.7";
    private static final VisitorId ADDRESS_ONLY = VisitorId.from(null, null, ADDRESS);

    @Test
    void everyTokenThisServiceIssuesIsKeptAsTheHashThatNamesItsSession() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 1_000; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);   // as SessionStore.create

            VisitorId bearer = VisitorId.from("Bearer " + token, null, ADDRESS);
            assertThat(bearer.hasToken()).as(token).isTrue();
            assertThat(bearer.tokenHash()).isEqualTo(SessionStore.sha256(token));
            assertThat(VisitorId.from("bearer  " + token + " ", null, ADDRESS)).as("as authentication reads it")
                    .isEqualTo(bearer);
            assertThat(VisitorId.from(null, token, ADDRESS)).as("the SESSION cookie").isEqualTo(bearer);
        }
    }

    @Test
    void anythingButAWellFormedTokenCountsAsTheAddress() {
        String wellFormed = "A".repeat(42) + "E";
        List<String> notTokens = List.of(
                "Bearer " + "A".repeat(42),                            // 42 characters
                "Bearer " + "A".repeat(44),                            // 44
                "Bearer " + "A".repeat(42) + "B",                      // a last character no 32 bytes can end in
                "Bearer " + "A".repeat(41) + "+E",                     // base64, not base64url
                "Bearer " + "A".repeat(41) + "=E",
                "Basic " + wellFormed,
                "Bearer " + "x".repeat(16_000),                        // as large as the header limit allows
                "Bearer",
                "");
        for (String authorization : notTokens) {
            VisitorId visitor = VisitorId.from(authorization, null, ADDRESS);
            assertThat(visitor).as(authorization.length() > 60 ? authorization.substring(0, 60) : authorization)
                    .isEqualTo(ADDRESS_ONLY);
            assertThat(visitor.hasToken()).isFalse();
        }
        assertThat(VisitorId.from(null, "visitor-a", ADDRESS)).as("a cookie that is no token").isEqualTo(ADDRESS_ONLY);
        assertThat(VisitorId.from("Basic abc", wellFormed, ADDRESS))
                .as("an Authorization header wins over the cookie, as in authentication").isEqualTo(ADDRESS_ONLY);
        assertThat(VisitorId.from("Bearer " + wellFormed, null, ADDRESS).hasToken()).isTrue();
    }

    @Test
    void aTokenVisitorIsItsSessionIfItExistsElseItsAddressAndNeitherIsSentAsItIs() {
        String token = "Zm9yIHRoZSB1bmlxdWUtdmlld2VyIHRlc3Qgb25seSE";
        VisitorId visitor = VisitorId.from("Bearer " + token, null, ADDRESS);

        VisitorId session = visitor.resolved(true);
        VisitorId address = visitor.resolved(false);
        assertThat(address).isEqualTo(ADDRESS_ONLY.resolved(false)).isEqualTo(ADDRESS_ONLY);
        assertThat(session).isNotEqualTo(address);
        assertThat(session.hasToken()).isFalse();
        assertThat(session.element()).as("128 bits of the token's hash").hasSize(32)
                .isEqualTo(SessionStore.sha256(token).substring(0, 32)).doesNotContain(token);
        assertThat(address.element()).hasSize(32).doesNotContain(ADDRESS);
        assertThat(VisitorId.from("Bearer " + token, null, "192.0.2.8").resolved(true))
                .as("one session from two addresses is one visitor").isEqualTo(session);
        assertThat(ADDRESS_ONLY.resolved(true)).as("no token: the address, whatever the answer")
                .isEqualTo(ADDRESS_ONLY);
    }
}
