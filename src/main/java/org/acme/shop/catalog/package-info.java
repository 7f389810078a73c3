/**
 * The product catalog: the entity, its API ({@link org.acme.shop.catalog.ProductResource}), its SQL and transactions
 * ({@link org.acme.shop.catalog.ProductService}), its keys and settings. Its parts: {@code catalog.cache}, the
 * <b>cache-aside</b> pattern itself; {@code catalog.near}, the near cache in front of Redis;
 * {@code catalog.listing}, the cached pages and categories; and {@code catalog.sample}, the sample data.
 * <p>
 * Imports: the kernels, {@code brand} (a product names its brand), {@code outbox} (a write records its row) and
 * {@code views} (a read counts its view).
 */
package org.acme.shop.catalog;
