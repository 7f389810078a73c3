package org.acme.shop.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.awaitility.Awaitility;

/**
 * A Redis server of the test's own, on a free loopback port, that a test may stop and start again: the shared Redis
 * of the machine is never stopped. Started from the {@code redis-server} binary that {@code .ci/run} installs. By
 * default nothing is kept on disk, so a restart comes back empty, like a cache node that lost its memory; with the
 * argument {@value #APPEND_ONLY} set to {@code yes} it writes an append-only file in one directory for its whole life,
 * with the state role's settings ({@code appendfsync always}, {@code no-appendfsync-on-rewrite no}), so a restart,
 * even after {@link #killServer()}, comes back with every write it acknowledged, like a persistent node.
 * <p>
 * The production settings are arguments too, so a test runs the app against a server configured as a deployment
 * configures it:
 * <ul>
 * <li>{@value #ACL} {@code yes}: started by {@code k8s/redis/start-redis.sh} with the users of
 * {@code k8s/redis/users.acl}, the files compose and Kubernetes run, with both roles' users, as one Redis serving both
 * roles is: the cache client connects as {@code cache} with {@link #ACL_CACHE_PASSWORD}, the {@code sessions} client
 * as {@code state} with {@link #ACL_STATE_PASSWORD}, the operators' user {@code ops} has {@link #ACL_OPS_PASSWORD},
 * and the {@code default} user is off;</li>
 * <li>{@value #TLS} {@code yes}, for a server of both roles: TLS only ({@code --port 0 --tls-port}), with
 * certificates that {@link TestCertificates} makes for this run; the app trusts the CA named by {@value #TRUST}:
 * {@code server} (default, the CA that signed the server's certificate) or {@code other} (a CA that signed nothing
 * here);</li>
 * <li>{@value #MAXMEMORY} (e.g. {@code 2mb}) with {@value #MAXMEMORY_POLICY} (e.g. {@code allkeys-lfu});</li>
 * <li>{@value #ROLE} {@code cache}: only the cache client (and the near cache's) uses this server; {@code state}: only
 * the {@code sessions} client. A profile that runs two Redis, one per role as compose and Kubernetes do, lists this
 * resource twice, once with each role ({@link OnTwoPrivateRedis}).</li>
 * </ul>
 * One or two servers per application start: a test reaches the server of a role through {@link #cache()} or
 * {@link #state()}, without an injection; without {@value #ROLE} both are the same server.
 */
public class PrivateRedis implements QuarkusTestResourceLifecycleManager {

    /** Resource argument: {@code yes} keeps the data across {@link #stopServer()} and {@link #startServer()}. */
    public static final String APPEND_ONLY = "appendonly";
    /** Resource argument: {@code yes} runs the server with the repository's ACL file, through its start script. */
    public static final String ACL = "acl";
    /** Resource argument: {@code yes} makes the server speak TLS only. */
    public static final String TLS = "tls";
    /** Resource argument, with {@link #TLS}: {@code server} (default) or {@code other}, the CA the app trusts. */
    public static final String TRUST = "trust";
    /** Resource argument: the server's {@code maxmemory}, e.g. {@code 2mb}. */
    public static final String MAXMEMORY = "maxmemory";
    /** Resource argument: the server's {@code maxmemory-policy}, e.g. {@code allkeys-lfu}. */
    public static final String MAXMEMORY_POLICY = "maxmemory-policy";
    /**
     * Resource argument: {@code cache} points only the cache client here, {@code state} only the {@code sessions}
     * client; default: both clients.
     */
    public static final String ROLE = "role";

    /** The password of {@code cache}, the cache role's user, with {@link #ACL}: a local test value, not a secret. */
    public static final String ACL_CACHE_PASSWORD = "local-test-only-redis-cache";
    /** The password of {@code state}, the state role's user, with {@link #ACL}: a local test value too. */
    public static final String ACL_STATE_PASSWORD = "local-test-only-redis-state";
    /** The password of {@code ops}, the operators' read-only user, with {@link #ACL}: a local test value too. */
    public static final String ACL_OPS_PASSWORD = "local-test-only-redis-ops";

    private static final Path START_SCRIPT = Path.of("k8s/redis/start-redis.sh");

    private static PrivateRedis cache;
    private static PrivateRedis state;

    private int port;
    private Process server;
    private boolean appendOnly;
    private boolean acl;
    private TestCertificates certificates;
    private String maxmemory;
    private String maxmemoryPolicy;
    private Path dir;
    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
        appendOnly = "yes".equals(initArgs.get(APPEND_ONLY));
        acl = "yes".equals(initArgs.get(ACL));
        certificates = "yes".equals(initArgs.get(TLS)) ? TestCertificates.create() : null;
        maxmemory = initArgs.get(MAXMEMORY);
        maxmemoryPolicy = initArgs.get(MAXMEMORY_POLICY);
        dir = null;
    }

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        boolean servesCache = !"state".equals(args.get(ROLE));
        boolean servesState = !"cache".equals(args.get(ROLE));
        if (servesCache) {
            cache = this;
        }
        if (servesState) {
            state = this;
        }
        startServer();
        Map<String, String> config = new HashMap<>();
        if (servesCache) {
            config.put("quarkus.redis.hosts", url());
        }
        // Without a URL of its own the sessions client follows quarkus.redis.hosts (application.properties): it needs
        // one on a server of its own, and with the ACL, where it logs in as another user.
        if (servesState && (!servesCache || acl)) {
            config.put("quarkus.redis.sessions.hosts", url("state", ACL_STATE_PASSWORD));
        }
        if (certificates != null) {
            // The TLS registry's named configuration, as QUARKUS_REDIS_TLS_CONFIGURATION_NAME and
            // QUARKUS_TLS_<NAME>_TRUST_STORE_PEM_CERTS set it in a deployment (docs/production-redis.md).
            Path trusted = "other".equals(args.get(TRUST)) ? certificates.otherCa() : certificates.ca();
            config.put("quarkus.redis.tls-configuration-name", "private-redis");
            config.put("quarkus.redis.sessions.tls-configuration-name", "private-redis");
            config.put("quarkus.redis.tracking.tls-configuration-name", "private-redis");   // the near cache's
            config.put("quarkus.tls.private-redis.trust-store.pem.certs", trusted.toString());
            // The server's certificate names 127.0.0.1: check it, as a client of a real server must.
            config.put("quarkus.tls.private-redis.hostname-verification-algorithm", "HTTPS");
        }
        return config;
    }

    @Override
    public void stop() {
        stopServer();
    }

    /** The server the cache client (and the near cache's) uses. */
    public static PrivateRedis cache() {
        return cache;
    }

    /** The server the {@code sessions} client uses: the same as {@link #cache()} unless each role has its own. */
    public static PrivateRedis state() {
        return state;
    }

    /**
     * The URL the cache client is given: {@code redis://} or {@code rediss://}, with the cache role's ACL user when
     * there is one (the {@code sessions} client gets the state role's).
     */
    public String url() {
        return url("cache", ACL_CACHE_PASSWORD);
    }

    private String url(String user, String password) {
        return (certificates != null ? "rediss://" : "redis://") + (acl ? user + ":" + password + "@" : "")
                + "127.0.0.1:" + port;
    }

    /** Starts the server (again) on the same port and waits until it accepts connections. */
    public void startServer() {
        try {
            if (dir == null || !appendOnly) {
                dir = Files.createTempDirectory("private-redis");
                if (this == state) {
                    Accounts.forgetSessions();                   // an empty state role: the sessions held are gone
                }
            }
            List<String> command = new ArrayList<>();
            if (acl) {
                command.addAll(List.of("sh", START_SCRIPT.toString()));
            } else {
                command.add("redis-server");
            }
            if (certificates != null) {
                command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
                        "--tls-cert-file", certificates.serverCertificate().toString(),
                        "--tls-key-file", certificates.serverKey().toString(),
                        "--tls-ca-cert-file", certificates.ca().toString(), "--tls-auth-clients", "no"));
            } else {
                command.addAll(List.of("--port", Integer.toString(port)));
            }
            command.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", appendOnly ? "yes" : "no",
                    "--appendfsync", "always", "--no-appendfsync-on-rewrite", "no", "--dir", dir.toString()));
            if (maxmemory != null) {
                command.addAll(List.of("--maxmemory", maxmemory));
            }
            if (maxmemoryPolicy != null) {
                command.addAll(List.of("--maxmemory-policy", maxmemoryPolicy));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()));
            if (acl) {
                builder.environment().put("REDIS_CACHE_PASSWORD", ACL_CACHE_PASSWORD);
                builder.environment().put("REDIS_STATE_PASSWORD", ACL_STATE_PASSWORD);
                builder.environment().put("REDIS_OPS_PASSWORD", ACL_OPS_PASSWORD);
                builder.environment().put("ACL_FILE", dir.resolve("users.acl").toString());
            }
            server = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server must be on the PATH (.ci/run installs it)", e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::accepts);
    }

    /**
     * Starts the server again on the same port with a new, empty directory: what a Redis without persistence comes
     * back with after a restart, or one whose disk was lost, even with {@value #APPEND_ONLY}.
     */
    public void startServerEmpty() {
        dir = null;
        startServer();
    }

    /** Where the server listens, for a test that talks to it directly. */
    public int port() {
        return port;
    }

    /** What {@code redis-cli} needs to reach this server: its address and, over TLS, the CA that signed it. */
    public List<String> redisCliArguments() {
        List<String> arguments = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(port)));
        if (certificates != null) {
            arguments.addAll(List.of("--tls", "--cacert", certificates.ca().toString()));
        }
        return arguments;
    }

    /** The server's log, for a test that reads what Redis said. */
    public Path log() {
        return dir.resolve("redis.log");
    }

    /**
     * After {@link #startServer()}: waits until the app sends its commands here again. A role whose circuit opened
     * during the outage ({@code RedisGuard}) sends none for up to {@code redis-circuit.delay}; the wellness check,
     * which asks both roles, is the probe that closes it.
     */
    public static void awaitInUse() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Management.given().get("/q/health/well").statusCode() == 200);
    }

    /** Stops the server (this process only, by its handle) and waits until the port is closed. */
    public void stopServer() {
        if (server != null) {
            server.destroy();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !server.isAlive() && !accepts());
        }
    }

    /**
     * Kills the server with {@code SIGKILL}, by its pid (this process only): no shutdown, no last write, as a crash
     * or an OOM kill ends it. Waits until the port is closed. {@link #startServer()} then starts it again on the same
     * port and, with {@value #APPEND_ONLY}, the same directory: it comes back with what its append-only file held.
     */
    public void killServer() {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(server.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -KILL " + server.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !server.isAlive() && !accepts());
    }

    private boolean accepts() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
