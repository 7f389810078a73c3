/**
 * The sample catalog that demos, tests and benchmarks share: 1,000 products of 50 brands in 10 categories, loaded at
 * start-up, the same on every machine ({@link org.acme.shop.catalog.sample.SampleCatalog};
 * {@code catalog.sample-data.enabled}, off in a real deployment). Not part of any pattern: leave it behind when you
 * copy the catalog.
 * <p>
 * Part of the catalog: imports its root package only.
 */
package org.acme.shop.catalog.sample;
