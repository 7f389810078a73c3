package org.acme.shop.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A small TCP proxy between the app and a {@link PrivateRedis}, for failure drills without an external tool: the app
 * is given the proxy's address, and a test switches what the network does.
 * <ul>
 * <li>{@link #pass()}: bytes flow both ways as they come;</li>
 * <li>{@link #delay(long)}: every reply from Redis is held that long before it goes on (a slow Redis, or a slow
 * network), so each command takes at least that long;</li>
 * <li>{@link #drop()}: every open connection is closed, and every new one is closed as soon as it is accepted
 * (Redis crashing, a firewall resetting connections, a failover).</li>
 * </ul>
 * A restart of Redis (empty) is {@link PrivateRedis#stopServer()} and {@link PrivateRedis#startServer()} behind the
 * proxy, which keeps its port. The cache's client goes through the proxy; with the argument {@link PrivateRedis#ROLE}
 * {@code state}, the sessions client does instead, and the cache's client reaches the same Redis directly. With the
 * argument {@value #DELAY_FROM_START} the proxy starts delayed, so that the app starts on a slow Redis. One thread pair
 * per connection, virtual threads: the app opens a few dozen at most.
 */
public class RedisProxy implements QuarkusTestResourceLifecycleManager {

    /** Resource argument: milliseconds each reply is held from the app's first connection on, until {@link #pass()}. */
    public static final String DELAY_FROM_START = "delay-from-start-ms";

    private enum Mode { PASS, DELAY, DROP }

    private static volatile Mode mode = Mode.PASS;
    private static volatile long delayMillis;
    private static final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private static ServerSocket listener;

    private final PrivateRedis redis = new PrivateRedis();
    private boolean stateRole;
    private String delayFromStart;

    @Override
    public void init(Map<String, String> initArgs) {
        redis.init(initArgs);
        stateRole = "state".equals(initArgs.get(PrivateRedis.ROLE));
        delayFromStart = initArgs.get(DELAY_FROM_START);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(redis.start());
        if (delayFromStart == null) {
            pass();
        } else {
            delay(Long.parseLong(delayFromStart));
        }
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofVirtual().name("redis-proxy-accept").start(RedisProxy::acceptLoop);
        config.put(stateRole ? "quarkus.redis.sessions.hosts" : "quarkus.redis.hosts",
                "redis://127.0.0.1:" + listener.getLocalPort());
        if (stateRole) {
            config.put("quarkus.redis.hosts", PrivateRedis.url());   // the cache's client, straight to the same server
        }
        return config;
    }

    @Override
    public void stop() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        closeAll();
        redis.stop();
    }

    /** Bytes flow as they come. */
    public static void pass() {
        mode = Mode.PASS;
    }

    /** Every reply from Redis waits {@code millis} before it is passed on. */
    public static void delay(long millis) {
        delayMillis = millis;
        mode = Mode.DELAY;
    }

    /** Closes every connection now, and each new one as soon as it is accepted, until {@link #pass()}. */
    public static void drop() {
        mode = Mode.DROP;
        closeAll();
    }

    private static void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (mode == Mode.DROP) {
                    client.close();
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), PrivateRedis.port());
                open.add(client);
                open.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, false));
                Thread.ofVirtual().start(() -> pump(server, client, true));
            } catch (IOException e) {
                // the listener closed, or Redis is not there: the app sees its connection fail
            }
        }
    }

    private static void pump(Socket from, Socket to, boolean reply) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (reply && mode == Mode.DELAY) {
                    Thread.sleep(delayMillis);     // the latency this proxy exists to add, not a wait in a test
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side closed or was dropped: close the other below
        } finally {
            close(from);
            close(to);
        }
    }

    private static void closeAll() {
        open.forEach(RedisProxy::close);
    }

    private static void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
