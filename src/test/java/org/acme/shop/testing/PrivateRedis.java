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
 * of the machine is never stopped. Started from the {@code redis-server} binary that {@code .ci/run} installs; nothing
 * is kept on disk, so a restart comes back empty, like a cache node that lost its memory.
 */
public class PrivateRedis implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static Process server;

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
            Path dir = Files.createTempDirectory("private-redis");
            server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server must be on the PATH (.ci/run installs it)", e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(PrivateRedis::accepts);
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
