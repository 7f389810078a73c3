package org.acme.shop.http.problem;

import jakarta.ws.rs.BadRequestException;

/**
 * A path or query parameter that cannot be what its endpoint expects (a number past its range, or not a number):
 * answered {@code 400} with the parameter named, like a field that fails validation. JAX-RS alone would answer
 * {@code 404} for a path or query parameter that does not convert, which hides the client's mistake.
 */
public class InvalidParameter extends BadRequestException {

    private final String name;

    public InvalidParameter(String name, String message) {
        super(message);
        this.name = name;
    }

    public String name() {
        return name;
    }
}
