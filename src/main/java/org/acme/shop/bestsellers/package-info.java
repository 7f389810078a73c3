/**
 * Best sellers, and Redis <b>sorted sets</b> as counters that rank themselves: every confirmed reservation adds its
 * quantity to the product's score in the ZSET of its day ({@code ZINCRBY}); a ranking over several days is one
 * {@code ZUNION} of the day keys, named by the catalog cache in one bulk read
 * ({@link org.acme.shop.bestsellers.BestSellers}). PostgreSQL keeps every confirmed reservation, so the day keys can
 * be rebuilt from it when Redis lost them.
 * <p>
 * Imports: the kernels, {@code catalog} (the ranking is named by the product cache) and {@code inventory} (it
 * observes {@code SaleConfirmed}).
 */
package org.acme.shop.bestsellers;
