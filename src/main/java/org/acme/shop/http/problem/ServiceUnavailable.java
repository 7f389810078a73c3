package org.acme.shop.http.problem;

/**
 * A dependency the request cannot do without is unavailable (the session store, when Redis is down): mapped to
 * {@code 503} with {@code Retry-After} and a problem body.
 */
public class ServiceUnavailable extends RuntimeException {

    public ServiceUnavailable(String message) {
        super(message, null, false, false);
    }
}
