/**
 * The shop's physical stores, and <b>Redis GEO</b> for "which stores are near me": the locations of the
 * {@code store} table are mirrored into one GEO key (a sorted set scored by geohash) and searched with
 * {@code GEOSEARCH … BYRADIUS … ASC}; PostgreSQL then names the few stores found and their shelf stock by primary key
 * ({@link org.acme.shop.stores.StoreLocator}).
 * <p>
 * Imports: the kernels only.
 */
package org.acme.shop.stores;
