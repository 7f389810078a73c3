package org.acme.shop.http.problem;

/** A write that contradicts existing state (a duplicate unique value, short stock): mapped to {@code 409}. */
public class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message, null, false, false);
    }
}
