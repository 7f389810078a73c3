package org.acme.shop.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TtlJitterTest {

    @Test
    void staysWithinTheFractionAndActuallySpreads() {
        Duration hour = Duration.ofHours(1);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            long millis = TtlJitter.apply(hour, 0.1).toMillis();
            assertThat(millis).isBetween(3_240_000L, 3_960_000L);
            seen.add(millis / 60_000);
        }
        assertThat(seen).as("values spread over many minutes of the ±6 min window").hasSizeGreaterThan(8);
    }

    @Test
    void zeroFractionKeepsTheTtlAndNothingGoesBelowOneSecond() {
        assertThat(TtlJitter.apply(Duration.ofMinutes(5), 0)).isEqualTo(Duration.ofMinutes(5));
        assertThat(TtlJitter.apply(Duration.ofMillis(10), 0.5)).isEqualTo(Duration.ofSeconds(1));
    }
}
