package org.acme.shop.http.problem;

/** An id that names nothing: mapped to {@code 404} with a problem body. */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message, null, false, false);
    }
}
