package org.acme.shop.session.admin;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The admin account that start-up creates or updates ({@code shop.admin.*}, or {@code SHOP_ADMIN_EMAIL} and
 * {@code SHOP_ADMIN_PASSWORD}). No defaults, on purpose: a default password would be the same in every copy of this
 * template. Set both or neither; {@code %test} sets local test values in {@code application.properties}.
 */
@ConfigMapping(prefix = "shop.admin")
public interface AdminConfig {

    /** The admin's email (login name). */
    Optional<String> email();

    /**
     * The admin's password, at least 12 characters and at most 72 bytes in UTF-8; pass it as a secret (an environment
     * variable from a Secret).
     */
    Optional<String> password();
}
