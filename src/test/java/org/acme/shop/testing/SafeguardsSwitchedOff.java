package org.acme.shop.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Two of the cache's safeguards switched off, in one start, so that a test sees what the rest does without them, and
 * the view stream's flushers driven by the tests. The tests that share it, and what each needs:
 * <ul>
 * <li>{@code AfterCommitDroppedTest}: the outbox relay on, with the write after each commit dropped
 * ({@code cache.outbox.apply-after-commit=false}), so that the relay alone repairs the cache;</li>
 * <li>{@code StampedeOffTest}: stampede protection off ({@code cache.stampede.enabled=false}, the switch the benchmark
 * uses), so that concurrent misses each load;</li>
 * <li>{@code ViewFlushTest}: the flushers claiming another's entries after one second, in batches of three, so that two
 * flushers interleave.</li>
 * </ul>
 * Keys under a prefix of their own ({@link #PREFIX}), so that the flushers see only these tests' entries. No test
 * asserts another's settings: the relay never touches the view stream nor loads a product (a product's row is an
 * invalidation), the view flusher runs only when a test calls it ({@code views.flush.enabled} stays off in the tests),
 * and the other two tests read a product one request at a time, which loads it once with or without the lock.
 */
public class SafeguardsSwitchedOff implements QuarkusTestProfile {

    public static final String PREFIX = "writerstest";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cache.outbox.relay-enabled", "true", "cache.outbox.apply-after-commit", "false",
                "cache.stampede.enabled", "false",
                "cache.key-prefix", PREFIX, "views.flush.claim-idle", "1s", "views.flush.batch-size", "3");
    }
}
