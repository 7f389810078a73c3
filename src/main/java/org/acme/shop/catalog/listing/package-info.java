/**
 * Cached product listings and categories: a page of {@code GET /api/products} under a key that embeds the catalog
 * version, so one {@code INCR} retires every page at once ({@link org.acme.shop.catalog.listing.ListingCache}), and the
 * category list through the read-through cache ({@link org.acme.shop.catalog.listing.CategoryCache}).
 * <p>
 * Part of the catalog: imports its root package and the kernels.
 */
package org.acme.shop.catalog.listing;
