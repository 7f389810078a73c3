/**
 * The product catalog, and the <b>cache-aside</b> pattern: reads look in Redis first and fill it from PostgreSQL on a
 * miss ({@link org.acme.shop.catalog.ProductCache}, {@link org.acme.shop.catalog.ListingCache}); writes go to
 * PostgreSQL only and, once committed, invalidate what Redis holds ({@link org.acme.shop.catalog.CatalogInvalidation}).
 */
package org.acme.shop.catalog;
