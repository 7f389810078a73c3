package org.acme.shop.views;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A TCP relay between the application and the tests' PostgreSQL, which a test can cut and restore: the shared
 * database server is never stopped. Cutting closes every open connection (the pool's connections fail at their next
 * use) and refuses new ones, as a database that went away would; restoring listens on the same port again.
 */
public class DatabaseProxy implements QuarkusTestResourceLifecycleManager {

    private static volatile ServerSocket listener;
    private static final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private static int port;
    private static String targetHost;
    private static int targetPort;

    @Override
    public Map<String, String> start() {
        String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        URI target = URI.create(url.substring("jdbc:".length()));
        targetHost = target.getHost();
        targetPort = target.getPort() < 0 ? 5432 : target.getPort();
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        restore();
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + target.getPath());
    }

    @Override
    public void stop() {
        cut();
    }

    /** Closes every connection and stops listening: connecting is refused until {@link #restore()}. */
    public static void cut() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closed already
        }
        for (Socket socket : open) {
            close(socket);
        }
        open.clear();
    }

    /** Listens again on the same port and relays every new connection to PostgreSQL. */
    public static void restore() {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ServerSocket server = listener;
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket database = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(database);
                    Thread.ofVirtual().start(() -> pump(client, database));
                    Thread.ofVirtual().start(() -> pump(database, client));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // cut, or closed by either side
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
