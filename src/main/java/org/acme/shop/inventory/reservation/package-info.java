/**
 * Reservations of stock: the entity ({@link org.acme.shop.inventory.reservation.Reservation}), what the API takes and
 * answers, and the sweep that releases expired holds ({@link org.acme.shop.inventory.reservation.ReservationSweep}).
 * The arithmetic on stock stays in {@code InventoryService}, which reserves, confirms and cancels in one transaction
 * with the stock row. See docs/reservations.md.
 * <p>
 * Part of the inventory: imports its root package and the kernels.
 */
package org.acme.shop.inventory.reservation;
