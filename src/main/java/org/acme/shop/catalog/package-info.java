/**
 * The product catalog, and the <b>cache-aside</b> pattern: reads look in Redis first and fill it from PostgreSQL on a
 * miss ({@link org.acme.shop.catalog.ProductCache}, {@link org.acme.shop.catalog.listing.ListingCache}); writes go to
 * PostgreSQL only and, once committed, invalidate what Redis holds ({@link org.acme.shop.catalog.CatalogInvalidation}).
 * In front of Redis, the <b>near cache</b> keeps products in the instance's memory, coherent through Redis's
 * invalidation pushes ({@link org.acme.shop.catalog.near.NearCache}, {@link org.acme.shop.catalog.near.NearCacheTracking},
 * {@link org.acme.shop.catalog.near.NearCacheRoute}).
 */
package org.acme.shop.catalog;
