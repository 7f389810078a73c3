package org.acme.shop.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The background writers as two tests drive them, in one start: the outbox relay on, with the write after each commit
 * dropped, so that the relay alone repairs the cache ({@code AfterCommitDroppedTest}); and the view stream's flushers
 * claiming another's entries after one second, in batches of three, so that two flushers interleave
 * ({@code ViewFlushTest}). Keys under a prefix of their own ({@link #PREFIX}), so that the flushers see only these
 * tests' entries. Neither test asserts the other's settings: the relay never touches the view stream, and the view
 * flusher runs only when a test calls it ({@code views.flush.enabled} stays off in the tests).
 */
public class WritersDrivenByTests implements QuarkusTestProfile {

    public static final String PREFIX = "writerstest";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cache.outbox.relay-enabled", "true", "cache.outbox.apply-after-commit", "false",
                "cache.key-prefix", PREFIX, "views.flush.claim-idle", "1s", "views.flush.batch-size", "3");
    }
}
