/**
 * The <b>cache-aside</b> pattern, for products: reads look in Redis first and fill it from PostgreSQL on a miss, with
 * stampede protection ({@link org.acme.shop.catalog.cache.ProductCache}; many ids at once,
 * {@link org.acme.shop.catalog.cache.ProductBulkCache}); a store is refused when a write committed meanwhile (the
 * version guard, {@link org.acme.shop.catalog.cache.ProductStore}); writes go to PostgreSQL only and, once committed,
 * invalidate what Redis holds ({@link org.acme.shop.catalog.cache.CatalogInvalidation}, which the outbox relay also
 * calls for rows left behind). See docs/cache-aside.md.
 * <p>
 * Part of the catalog: imports its root package, its near cache ({@code catalog.near}), the kernels and {@code outbox}.
 */
package org.acme.shop.catalog.cache;
