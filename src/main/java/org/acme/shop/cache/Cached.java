package org.acme.shop.cache;

/**
 * The result of a cached read: the value ({@code null} when the thing does not exist), where it came from, and, when
 * the tier that held it keeps one, the entity tag of the value's JSON ({@code null} otherwise: the answer computes it).
 * The near cache keeps the tag with the JSON, so that an L1 hit, answered on the event loop, hashes nothing.
 */
public record Cached<T>(T value, CacheOutcome outcome, String tag) {

    public Cached(T value, CacheOutcome outcome) {
        this(value, outcome, null);
    }

    public boolean found() {
        return value != null;
    }
}
