/**
 * The <b>read-through</b> pattern: a cache that owns its loader ({@link org.acme.shop.cache.readthrough.ReadThroughCache},
 * made by {@link org.acme.shop.cache.readthrough.ReadThroughCaches}). Callers ask the cache and never the database; the
 * cache loads on a miss, stores with a jittered TTL and coalesces concurrent loads. Used by the category list
 * ({@code catalog.listing.CategoryCache}) and the brands ({@code brand.BrandCache}). See docs/read-through.md.
 * <p>
 * Imports: the cache and Redis kernels only.
 */
package org.acme.shop.cache.readthrough;
