/**
 * The featured products and the <b>refresh-ahead</b> pattern ({@link org.acme.shop.featured.FeaturedCache}): the
 * cached list is refreshed in the background once it is older than a threshold, so readers never wait for the
 * database while it is cached; the key's TTL is the hard expiry that bounds how long an old list is served.
 * <p>
 * Imports: the kernels and {@code catalog} (the featured list is a list of products).
 */
package org.acme.shop.featured;
