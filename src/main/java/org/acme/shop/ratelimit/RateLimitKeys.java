package org.acme.shop.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.shop.redis.KeySpace;

/**
 * The Redis keys of the rate limits. Every key starts with the shared prefix of {@link KeySpace}; the key table of
 * docs/reference.md lists them.
 */
@ApplicationScoped
public class RateLimitKeys {

    private final String prefix;

    public RateLimitKeys(KeySpace keys) {
        this.prefix = keys.prefix();
    }

    /** The shared first segment, {@code cache.key-prefix}. */
    public String prefix() {
        return prefix;
    }

    /**
     * STRING counter, TTL of the limit's window: the requests of one subject (an email, a client address, a user) in
     * the current window of one limit. The subject is stored as its SHA-256: no email or address appears in Redis.
     */
    public String rateLimit(String limit, String subject) {
        return prefix + ":ratelimit:" + limit + ":" + KeySpace.sha256(subject);
    }
}
