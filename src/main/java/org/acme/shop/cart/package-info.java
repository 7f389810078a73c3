/**
 * The cart, kept as fields of the session HASH ({@code cart:<productId>}), and named by one bulk read of the product
 * cache ({@link org.acme.shop.cart.CartResource}). See docs/sessions.md.
 * <p>
 * Imports: the kernels, {@code session} (the cart lives in the session), {@code catalog} (its lines are products) and
 * {@code user} (the request types).
 */
package org.acme.shop.cart;
