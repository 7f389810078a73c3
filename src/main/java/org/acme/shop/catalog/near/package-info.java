/**
 * The <b>near cache</b>: products held in this instance's memory in front of Redis
 * ({@link org.acme.shop.catalog.near.NearCache}), kept coherent by Redis's server-assisted client-side caching, one
 * RESP3 connection with {@code CLIENT TRACKING … BCAST} ({@link org.acme.shop.catalog.near.NearCacheTracking}). An L1
 * hit is answered on the event loop by {@code ProductResource.get}. See docs/near-cache.md.
 * <p>
 * Part of the catalog: imports its root package and the kernels.
 */
package org.acme.shop.catalog.near;
