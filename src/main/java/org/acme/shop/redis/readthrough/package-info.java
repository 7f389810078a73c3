/**
 * The <b>read-through</b> pattern: a cache that owns its loader ({@link org.acme.shop.redis.readthrough.ReadThroughCache}).
 * Callers ask the cache and never the database; the cache loads on a miss, stores with a jittered TTL and coalesces
 * concurrent loads. Used by the category list ({@code catalog.CategoryResource}) and the brands
 * ({@code brand.BrandResource}).
 */
package org.acme.shop.redis.readthrough;
