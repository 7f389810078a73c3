/**
 * Checks of parameters and bodies that Bean Validation does not have: a number parameter that is not a number
 * answers a problem naming it ({@link org.acme.shop.http.validation.NumberParameters}), text with control characters
 * is refused ({@link org.acme.shop.http.validation.NoControlCharacters}), and a limit counts UTF-8 bytes, not
 * characters ({@link org.acme.shop.http.validation.MaxUtf8Bytes}).
 * <p>
 * Part of the HTTP kernel: imports {@code http} and {@code http.problem}, no other package of this project.
 */
package org.acme.shop.http.validation;
