package org.acme.shop.redis.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.acme.shop.redis.monitoring.RedisVersionCheck.Version;
import org.junit.jupiter.api.Test;

/** The start-up check against the real Redis of the tests: both roles answered, both recent enough, and it started. */
@QuarkusTest
class RedisVersionAtStartUpTest {

    @Inject
    RedisVersionCheck versions;

    @Test
    void bothRolesWereCheckedAtStartUpAndAreRecentEnough() {
        assertThat(versions.checkedVersions()).containsOnlyKeys("cache", "state");
        versions.checkedVersions().forEach((role, reported) -> assertThat(Version.parse(reported))
                .as("%s role reports redis_version %s", role, reported)
                .hasValueSatisfying(version -> assertThat(version).isGreaterThanOrEqualTo(RedisVersionCheck.MINIMUM)));
    }
}
