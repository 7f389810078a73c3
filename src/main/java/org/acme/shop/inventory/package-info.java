/**
 * Stock and reservations, and the <b>write-through</b> pattern: every write commits to PostgreSQL, which does the
 * arithmetic, and then, in the same request, writes the resulting stock row to Redis through a version guard
 * ({@link org.acme.shop.inventory.StockWriteThrough}). Reads are served from Redis; a miss fills it through the same
 * guard.
 */
package org.acme.shop.inventory;
