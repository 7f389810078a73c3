/**
 * Accounts: the {@code app_user} table, registration and the bcrypt password check
 * ({@link org.acme.shop.user.UserService}). No Redis: the session package keeps what a signed-in request needs.
 * <p>
 * Imports: the kernels only.
 */
package org.acme.shop.user;
