package org.acme.shop.session;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.shop.redis.KeySpace;

/**
 * The Redis keys of the login sessions. Every key starts with the shared prefix of {@link KeySpace}; the key table of
 * docs/reference.md lists them.
 */
@ApplicationScoped
public class SessionKeys {

    private final String prefix;

    public SessionKeys(KeySpace keys) {
        this.prefix = keys.prefix();
    }

    /** The shared first segment, {@code cache.key-prefix}. */
    public String prefix() {
        return prefix;
    }

    /** HASH, idle TTL: one login session, under the SHA-256 of its token (never the token itself). */
    public String session(String tokenHash) {
        return prefix + ":session:" + tokenHash;
    }

    /**
     * ZSET, TTL of the absolute session lifetime: the token hashes of one user's sessions, scored by creation time
     * (epoch milliseconds), so the oldest are found without looking at every member. A name of its own, not the
     * {@code :sessions} SET of earlier versions: during a rolling update both kinds exist, and a {@code ZADD} on the
     * old SET would fail with {@code WRONGTYPE}; the old SETs expire within the absolute lifetime.
     */
    public String userSessions(long userId) {
        return prefix + ":user:" + userId + ":sessions-by-created";
    }
}
