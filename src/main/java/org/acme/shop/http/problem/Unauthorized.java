package org.acme.shop.http.problem;

/** No valid session: mapped to {@code 401} with {@code WWW-Authenticate: Bearer} and a problem body. */
public class Unauthorized extends RuntimeException {

    public Unauthorized(String message) {
        super(message, null, false, false);
    }
}
