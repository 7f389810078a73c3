package org.acme.shop.redis.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.acme.shop.redis.monitoring.RedisVersionCheck.Version;
import org.junit.jupiter.api.Test;

/** The comparison behind the start-up refusal, without a Redis: versions as {@code INFO server} reports them. */
class RedisVersionCheckTest {

    @Test
    void theMinimumIsRedis62() {
        assertThat(RedisVersionCheck.MINIMUM).isEqualTo(new Version(6, 2, 0));
    }

    @Test
    void aVersionBelowTheMinimumIsRefusedWithTheVersionFoundAndTheMinimumNamed() {
        for (String old : new String[] {"6.0.16", "6.0.20", "5.0.14", "6.1.255", "6"}) {
            String refusal = RedisVersionCheck.refusal("cache", Version.parse(old).orElseThrow());
            assertThat(refusal).as(old).isNotNull()
                    .contains("cache role")
                    .contains("version " + Version.parse(old).orElseThrow())
                    .contains("needs Redis 6.2.0 or later");
        }
    }

    @Test
    void theMinimumAndEveryLaterVersionAreAccepted() {
        for (String recent : new String[] {"6.2.0", "6.2", "6.2.14", "7.0.15", "7.4.5", "8.0.2", "10.0.0",
                "7.2.4-rc1", "255.255.255"}) {
            assertThat(RedisVersionCheck.refusal("state", Version.parse(recent).orElseThrow())).as(recent).isNull();
        }
    }

    @Test
    void versionsCompareByNumberNotByText() {
        assertThat(Version.parse("10.0.0").orElseThrow()).isGreaterThan(Version.parse("9.9.9").orElseThrow());
        assertThat(Version.parse("6.10.0").orElseThrow()).isGreaterThan(Version.parse("6.2.0").orElseThrow());
        assertThat(Version.parse("6.2.10").orElseThrow()).isGreaterThan(Version.parse("6.2.9").orElseThrow());
        assertThat(Version.parse("6.2").orElseThrow()).isEqualByComparingTo(new Version(6, 2, 0));
    }

    @Test
    void whatIsNotAVersionIsNotReadAsOne() {
        for (String odd : new String[] {"", "  ", "abc", "v7.0.0", "6.2.x", "7..0", "7.0.0.0", "99999999999.0.0",
                "-6.2.0"}) {
            assertThat(Version.parse(odd)).as("'%s'", odd).isEmpty();
        }
        assertThat(Version.parse(null)).isEqualTo(Optional.empty());
    }

    @Test
    void theLineEndOfInfoAndASuffixAreIgnored() {
        assertThat(Version.parse("7.0.15\r")).contains(new Version(7, 0, 15));
        assertThat(Version.parse(" 7.4.5 ")).contains(new Version(7, 4, 5));
        assertThat(Version.parse("7.2.4-rc1")).contains(new Version(7, 2, 4));
    }
}
