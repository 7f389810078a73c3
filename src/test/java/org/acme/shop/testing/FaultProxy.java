package org.acme.shop.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one TCP fault proxy of the tests: it listens on a loopback port of its own and relays every connection to a
 * real server (a {@link PrivateRedis}, the tests' PostgreSQL), and a test switches what the network does:
 * <ul>
 * <li>{@link #pass()}: bytes flow both ways as they come;</li>
 * <li>{@link #delay(long)}: every reply from the server is held that long before it goes on (a slow server, or a
 * slow network), so each command takes at least that long;</li>
 * <li>{@link #drop()}: every open connection is closed, and every new one as soon as it is accepted (a crash, a
 * firewall resetting connections, a failover);</li>
 * <li>{@link #refuse()}: every open connection is closed and the port stops listening, so connecting is refused
 * (a server that is gone), until {@link #restore()} listens on the same port again.</li>
 * </ul>
 * The shared servers of the machine are never stopped. Two virtual threads per connection: the app opens a few dozen
 * at most.
 */
public final class FaultProxy {

    private enum Mode { PASS, DELAY, DROP }

    private final String targetHost;
    private final IntTarget targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMillis;
    private volatile ServerSocket listener;
    private final AtomicLong repliesHeld = new AtomicLong();

    /** The port of the server behind, read at each new connection (a {@link PrivateRedis} may move when restarted). */
    @FunctionalInterface
    public interface IntTarget {
        int port();
    }

    /** A proxy to {@code host}:{@code port}, listening on a free loopback port from now on. */
    public FaultProxy(String host, IntTarget port) {
        this.targetHost = host;
        this.targetPort = port;
        try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = free.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        restore();
    }

    /** The loopback port the app is given instead of the server's. */
    public int port() {
        return port;
    }

    /** How many replies {@link #delay(long)} has held so far: proof that traffic went through while it was slow. */
    public long repliesHeld() {
        return repliesHeld.get();
    }

    public void pass() {
        mode = Mode.PASS;
    }

    public void delay(long millis) {
        delayMillis = millis;
        mode = Mode.DELAY;
    }

    public void drop() {
        mode = Mode.DROP;
        closeAll();
    }

    /** Closes every connection and stops listening: connecting is refused until {@link #restore()}. */
    public void refuse() {
        close(listener);
        closeAll();
    }

    /** Listens on the same port again, relaying as {@link #pass()}. Also how the proxy starts. */
    public void restore() {
        mode = Mode.PASS;
        if (listener != null && !listener.isClosed()) {
            return;                                              // never refused, or restored already
        }
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = server;
            Thread.ofVirtual().name("fault-proxy-" + port).start(() -> accept(server));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops listening and closes every connection, for good. */
    public void stop() {
        refuse();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                if (mode == Mode.DROP) {
                    close(client);
                    continue;
                }
                Socket target = new Socket(targetHost, targetPort.port());
                open.add(target);
                // Refused while this one was being connected: refuse() closes the listener, then every open socket,
                // and may have gone through them before these two were added. Checked after adding, so that one of
                // the two closes them.
                if (server.isClosed()) {
                    close(client);
                    close(target);
                    continue;
                }
                Thread.ofVirtual().start(() -> pump(client, target, false));
                Thread.ofVirtual().start(() -> pump(target, client, true));
            } catch (IOException e) {
                // the listener closed, or the server is not there: the app sees its connection fail
            }
        }
    }

    private void pump(Socket from, Socket to, boolean reply) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (reply && mode == Mode.DELAY) {
                    repliesHeld.incrementAndGet();
                    Thread.sleep(delayMillis);     // the latency this proxy exists to add, not a wait in a test
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side closed, or was dropped: close the other below
        } finally {
            close(from);
            close(to);
        }
    }

    private void closeAll() {
        open.forEach(this::close);
    }

    private void close(Closeable closeable) {
        if (closeable instanceof Socket socket) {
            open.remove(socket);
        }
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException ignored) {
            // already closed
        }
    }
}
