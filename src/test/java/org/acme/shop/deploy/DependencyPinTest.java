package org.acme.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.Test;

/**
 * {@code pom.xml} pins {@code vertx-redis-client} above the Quarkus platform's version (a fix for Redis Cluster). The
 * pin is declared before the platform BOM and so wins over it, whatever the BOM says: once a Quarkus upgrade brings
 * the same or a newer client, the pin would silently hold it back. This test reads the platform BOM that the build
 * used and fails from that day on, asking for the pin to go. Plain JUnit: no Quarkus, no services.
 */
class DependencyPinTest {

    private static final String PIN = System.getProperty("vertx-redis-client.version");
    private static final String PLATFORM = System.getProperty("quarkus.platform.version");

    @Test
    void thePlatformBomStillManagesAnOlderRedisClientThanThePin() throws IOException {
        String managed = managedByThePlatform("vertx-redis-client");

        assertThat(compare(managed, PIN))
                .as("Quarkus %s manages vertx-redis-client %s, the pin in pom.xml is %s: remove the pin (and its"
                        + " note in docs/production-redis.md)", PLATFORM, managed, PIN)
                .isNegative();
    }

    @Test
    void theClientOnTheClassPathIsThePinnedOne() throws IOException {
        Properties built = new Properties();
        String properties = "/META-INF/maven/io.vertx/vertx-redis-client/pom.properties";
        try (InputStream in = Redis.class.getResourceAsStream(properties)) {
            assertThat(in).as("the client jar names its version").isNotNull();
            built.load(in);
        }

        assertThat(built.getProperty("version")).isEqualTo(PIN);
    }

    /** The version the platform BOM (from the local repository, or its read-only tail) gives an io.vertx artifact. */
    private static String managedByThePlatform(String artifactId) throws IOException {
        String relative = "io/quarkus/platform/quarkus-bom/" + PLATFORM + "/quarkus-bom-" + PLATFORM + ".pom";
        Path bom = Stream.of(System.getProperty("maven.repo.local"), System.getProperty("maven.repo.local.tail"))
                .filter(repository -> repository != null && !repository.isBlank())
                .map(repository -> Path.of(repository, relative))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The platform BOM is not in the local repository: "
                        + relative));
        Matcher managed = Pattern.compile("<groupId>io\\.vertx</groupId>\\s*<artifactId>" + Pattern.quote(artifactId)
                + "</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(bom));
        assertThat(managed.find()).as("%s manages %s", bom, artifactId).isTrue();
        return managed.group(1);
    }

    /** Compares dotted numeric versions (4.5.25 < 4.5.28 < 4.10.0); a qualifier after '-' is ignored. */
    static int compare(String a, String b) {
        int[] x = numbers(a);
        int[] y = numbers(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int difference = Integer.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private static int[] numbers(String version) {
        return Arrays.stream(version.split("-", 2)[0].split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void versionsCompareByNumberNotByText() {
        assertThat(compare("4.5.25", "4.5.28")).isNegative();
        assertThat(compare("4.10.0", "4.5.28")).isPositive();
        assertThat(compare("5.0.0-CR1", "5.0.0")).isZero();
    }
}
