package org.acme.shop.cache;

/**
 * The result of a cached read: the value ({@code null} when the thing does not exist) and where it came from.
 */
public record Cached<T>(T value, CacheOutcome outcome) {

    public boolean found() {
        return value != null;
    }
}
