/**
 * <b>The first admin comes from configuration</b> ({@code SHOP_ADMIN_EMAIL}, {@code SHOP_ADMIN_PASSWORD}): at every
 * start-up {@link org.acme.shop.session.admin.AdminBootstrap} makes sure that account exists with that password and
 * the admin role, and ends its open sessions when it changed either ({@link org.acme.shop.session.admin.AdminConfig}).
 * <p>
 * Part of the sessions: imports its root package, {@code user} and the kernels.
 */
package org.acme.shop.session.admin;
