package org.acme.shop.http;

/**
 * The roles a user can have, as {@code app_user.role} stores them and {@code @RolesAllowed} names them. A user has
 * exactly one; {@code docs/security.md} has the table of who may call what.
 */
public final class Roles {

    /** Every account that registers: may read the catalog, keep a cart and hold reservations of its own. */
    public static final String CUSTOMER = "customer";

    /** Manages the catalog and the stock, and may see and release anyone's reservations. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
