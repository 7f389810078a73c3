/**
 * Brands, served <b>read-through</b> ({@link org.acme.shop.brand.BrandCache}): {@code GET /api/brands} and
 * {@code GET /api/brands/{slug}}. Products reference a brand by its slug.
 * <p>
 * Imports: the kernels only.
 */
package org.acme.shop.brand;
