package org.acme.shop.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.awaitility.Awaitility;

/**
 * A Redis server of the test's own, on a free loopback port, that a test may stop and start again: the shared Redis
 * of the machine is never stopped. Started from the {@code redis-server} binary that {@code .ci/run} installs. By
 * default nothing is kept on disk, so a restart comes back empty, like a cache node that lost its memory; with the
 * argument {@value #APPEND_ONLY} set to {@code yes} it writes an append-only file ({@code appendfsync always}) in one
 * directory for its whole life, so a restart comes back with every write it acknowledged, like a persistent node.
 */
public class PrivateRedis implements QuarkusTestResourceLifecycleManager {

    /** Resource argument: {@code yes} keeps the data across {@link #stopServer()} and {@link #startServer()}. */
    public static final String APPEND_ONLY = "appendonly";

    private static int port;
    private static Process server;
    private static boolean appendOnly;
    private static Path dir;

    @Override
    public void init(Map<String, String> initArgs) {
        appendOnly = "yes".equals(initArgs.get(APPEND_ONLY));
        dir = null;
    }

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        startServer();
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        stopServer();
    }

    /** Starts the server (again) on the same port and waits until it accepts connections. */
    public static void startServer() {
        try {
            if (dir == null || !appendOnly) {
                dir = Files.createTempDirectory("private-redis");
            }
            server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "always",
                    "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server must be on the PATH (.ci/run installs it)", e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(PrivateRedis::accepts);
    }

    /** Where the server listens, for a test that talks to it directly. */
    public static int port() {
        return port;
    }

    /** Stops the server (this process only, by its handle) and waits until the port is closed. */
    public static void stopServer() {
        if (server != null) {
            server.destroy();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !server.isAlive() && !accepts());
        }
    }

    private static boolean accepts() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
