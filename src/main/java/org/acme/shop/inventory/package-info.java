/**
 * Stock and reservations, and the <b>write-through</b> pattern: every write commits to PostgreSQL, which does the
 * arithmetic, and then, in the same request, writes the resulting stock row to Redis through a version guard
 * ({@link org.acme.shop.inventory.StockWriteThrough}). Reads are served from Redis; a miss fills it through the same
 * guard. A confirmed reservation is announced as {@link org.acme.shop.inventory.SaleConfirmed}, for whoever counts
 * sales. Its parts: {@code inventory.reservation}, the reservations and their sweep, and {@code inventory.flashsale}, the
 * flash-sale gate.
 * <p>
 * Imports: the kernels, {@code outbox} (a write records its row; the stock write-through is its handler) and
 * {@code session} (who holds a reservation).
 */
package org.acme.shop.inventory;
