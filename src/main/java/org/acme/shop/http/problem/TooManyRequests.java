package org.acme.shop.http.problem;

/**
 * A client went past a rate limit: mapped to {@code 429} with a problem body, {@code Retry-After}, and the
 * {@code RateLimit-Policy} and {@code RateLimit} fields of the IETF draft "RateLimit header fields for HTTP"
 * (draft-ietf-httpapi-ratelimit-headers): the policy's quota {@code q} per window {@code w} seconds, what remains
 * {@code r} (none) and the seconds {@code t} until the window ends.
 */
public class TooManyRequests extends RuntimeException {

    private final String policy;
    private final int limit;
    private final long windowSeconds;
    private final long retryAfterSeconds;

    public TooManyRequests(String policy, int limit, long windowSeconds, long retryAfterSeconds) {
        super("Too many requests (" + policy + "): try again in " + retryAfterSeconds + " s", null, false, false);
        this.policy = policy;
        this.limit = limit;
        this.windowSeconds = windowSeconds;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** {@code "login-per-address";q=100;w=900} */
    public String policyField() {
        return "\"" + policy + "\";q=" + limit + ";w=" + windowSeconds;
    }

    /** {@code "login-per-address";r=0;t=42} */
    public String rateLimitField() {
        return "\"" + policy + "\";r=0;t=" + retryAfterSeconds;
    }
}
