package org.acme.shop.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.elytron.security.common.BcryptUtil;
import org.junit.jupiter.api.Test;

/** The hash an unknown email is compared against costs what a user's hash costs, or its answer would be faster. */
class UnknownEmailHashTest {

    @Test
    void theUnknownEmailsHashHasTheCostOfAPasswordHash() {
        String cost = BcryptUtil.bcryptHash("a password of a user").substring(0, 7);      // $2a$10$
        assertThat(UserService.DUMMY_HASH).startsWith(cost);
        assertThat(BcryptUtil.matches("no such user, no such password", UserService.DUMMY_HASH)).isTrue();
    }
}
