package org.acme.shop.featured;

/** Fired inside the transaction that set a new curated list; {@link FeaturedCache} drops its copy after the commit. */
record FeaturedChanged() {
}
