/**
 * The product catalog, and the <b>cache-aside</b> pattern: reads look in Redis first and fill it from PostgreSQL on a
 * miss ({@link org.acme.shop.catalog.ProductCache}); writes go to PostgreSQL only and, once committed, invalidate what
 * Redis holds ({@link org.acme.shop.catalog.CatalogInvalidation}, which the outbox relay also calls for rows left
 * behind). Its parts: {@code catalog.near}, the near cache in front of Redis, and {@code catalog.listing}, the cached
 * pages and categories.
 * <p>
 * Imports: the kernels, {@code brand} (a product names its brand), {@code outbox} (a write records its row) and
 * {@code views} (a read counts its view).
 */
package org.acme.shop.catalog;
