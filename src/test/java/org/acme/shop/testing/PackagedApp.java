package org.acme.shop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

/**
 * The packaged jar ({@code target/quarkus-app}) in the prod profile, started for an integration test with exactly
 * the environment it is given (none of this shell's {@code QUARKUS_}, {@code SHOP_}… variables leak in), on a free
 * port for the API and another for the management interface, and ready when {@code /q/health/ready} says so there.
 * Its output goes to {@code target/<name>.log}.
 * <p>
 * The unit tests that ran before, in the same JVM run and the same Redis database, logged in hundreds of times from
 * this machine's address; within the window, the prod profile's per-address limits would refuse the integration
 * test's login. {@link #withoutAddressLimits} lifts those two limits for a test that is not about them.
 */
public final class PackagedApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final URI base;
    private final URI management;
    private final String log;

    private PackagedApp(Process process, URI base, URI management, String log) {
        this.process = process;
        this.base = base;
        this.management = management;
        this.log = log;
    }

    public static PackagedApp start(String name, Map<String, String> environment) throws IOException {
        int port;
        int managementPort;
        // Both open at once, so that they are two different ports.
        try (ServerSocket api = new ServerSocket(0); ServerSocket operations = new ServerSocket(0)) {
            port = api.getLocalPort();
            managementPort = operations.getLocalPort();
        }
        String log = "target/" + name + ".log";
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true)
                .redirectOutput(Path.of(log).toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("QUARKUS_")
                || variable.startsWith("CATALOG_") || variable.startsWith("CACHE_") || variable.startsWith("INVENTORY_")
                || variable.startsWith("SHOP_") || variable.startsWith("SESSION_")
                || variable.startsWith("RATE_LIMIT_") || variable.startsWith("REQUEST_LIMITS_")
                || variable.startsWith("VIEWS_"));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));   // the container's 8080 may be taken here
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));  // and 9000 too
        PackagedApp app = new PackagedApp(builder.start(), URI.create("http://127.0.0.1:" + port),
                URI.create("http://127.0.0.1:" + managementPort), log);
        app.awaitReady();
        return app;
    }

    /**
     * The test run's PostgreSQL and Redis, as the environment names them ({@code .ci/run} and {@code bin/local-services}
     * export them): the start of an integration test's environment, to which it adds its own settings.
     */
    public static Map<String, String> testServers() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String local : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_REDIS_HOSTS")) {
            String value = System.getenv(local);
            assertThat(value).as("%s must point at the local service (see .ci/run)", local).isNotBlank();
            environment.put(local, value);
        }
        return environment;
    }

    /** The environment, plus per-address rate limits out of reach (see the class comment). */
    public static Map<String, String> withoutAddressLimits(Map<String, String> environment) {
        Map<String, String> lifted = new LinkedHashMap<>(environment);
        lifted.put("RATE_LIMIT_LOGIN_PER_ADDRESS_LIMIT", "1000000");
        lifted.put("RATE_LIMIT_WRITES_PER_CLIENT_LIMIT", "1000000");
        return lifted;
    }

    /** A path of the API port: {@code /api/…}, Swagger UI, the OpenAPI document. */
    public URI uri(String path) {
        return base.resolve(path);
    }

    /** A path of the management interface: {@code /q/health/…}, {@code /q/metrics}. */
    public URI managementUri(String path) {
        return management.resolve(path);
    }

    private void awaitReady() {
        URI ready = managementUri("/q/health/ready");
        Awaitility.await("ready within 90 s; see " + log).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the app exited; see " + log);
                    }
                    try {
                        return HTTP.send(HttpRequest.newBuilder(ready).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException notListeningYet) {
                        return false;
                    }
                });
    }

    /**
     * Writes the app's threads to {@code target/<name>.threads} ({@code jcmd Thread.print}), for a test that is about
     * to fail on what the app did not do: the file says where each thread was.
     */
    public void dumpThreads() {
        Path dump = Path.of(log.replaceFirst("\\.log$", ".threads"));
        try {
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dump.toFile()).start().waitFor();
        } catch (IOException e) {
            System.err.println("No thread dump of " + log + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code kill -9}: the process ends at once, with no shutdown hook and nothing flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
