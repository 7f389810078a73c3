/**
 * Product view counters, <b>write-behind</b>: {@code GET /api/products/{id}} adds its view up in memory
 * ({@link org.acme.shop.views.ViewCounter}, {@link org.acme.shop.views.ViewBuffer}: one counter per product and send
 * interval); a sender thread moves each interval's sums to Redis, one Lua script per 250 products ({@code XADD} of one
 * entry with their deltas to a stream, {@code INCRBY} of per-product pending counters, {@code PFADD} of the visitors
 * to a per-day HyperLogLog); {@link org.acme.shop.views.ViewFlusher}, in a consumer group shared by every instance
 * (read with the kernel's {@link org.acme.shop.redis.StreamConsumer}), writes the deltas to PostgreSQL in batches
 * ({@link org.acme.shop.views.ViewCounts}) and acknowledges them only after the commit.
 * {@code GET /api/products/{id}/stats} ({@link org.acme.shop.views.ViewStatsResource}) adds them up. See
 * docs/write-behind.md and docs/unique-viewers.md.
 * <p>
 * Imports: the kernels, and {@code session}: a visitor is a session only if its token has the form of one and the
 * session exists ({@link org.acme.shop.views.VisitorId}).
 */
package org.acme.shop.views;
