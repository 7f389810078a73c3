package org.acme.shop.catalog.near;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import io.vertx.redis.client.impl.PooledRedisConnection;
import org.acme.shop.cache.CacheMetrics;
import org.acme.shop.catalog.CatalogConfig;
import org.acme.shop.catalog.CatalogKeys;
import org.acme.shop.catalog.cache.ProductCache;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.redis.RedisTopology;
import org.jboss.logging.Logger;

/**
 * The one connection per instance that keeps the {@link NearCache} coherent: <b>server-assisted client-side
 * caching</b>. It speaks RESP3 and runs {@code CLIENT TRACKING ON BCAST PREFIX <prefix>:catalog:product:}; from then on
 * Redis pushes {@code invalidate [keys]} on this connection whenever any client changes a key with that prefix (the
 * after-commit {@code UNLINK} of any instance, the outbox relay's replay, an expiry, an eviction), and
 * {@code invalidate null} after a flush. Each key evicts one entry; a flush clears the near cache.
 * <p>
 * Why BCAST and not the default mode: the default mode remembers which keys each client read, and pushes only to the
 * connection that read them (or the one it names with {@code REDIRECT}); this service reads through a pool of
 * connections, each of which would have to be redirected to this one, again after every reconnect. BCAST needs nothing
 * from the readers, and Redis keeps no table of keys read: it pushes every change under the prefix to every instance.
 * <p>
 * This is the one place that does not use the blocking {@code RedisDataSource}: pushes arrive on a connection of its
 * own, so it holds a Vert.x {@link RedisConnection} of the named client {@code tracking}, kept out of the pool the
 * caches use. A supervisor thread opens it, waits until it is lost, and opens it again with a backoff from 100 ms up to
 * {@code catalog.cache.near.reconnect-max-backoff}. The near cache is used only while tracking is on: it is cleared
 * whenever the connection is lost, and a {@code PING} every {@code catalog.cache.near.heartbeat-interval} notices a
 * connection that died without closing. The commands that open the connection are awaited through {@link RedisGuard},
 * so failures are counted and logged like any other ({@code operation="tracking"}).
 */
@ApplicationScoped
public class NearCacheTracking {

    private static final Logger LOG = Logger.getLogger(NearCacheTracking.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final Redis client;
    private final NearCache near;
    private final CatalogKeys keys;
    private final RedisGuard guard;
    private final CacheMetrics metrics;
    private final Duration heartbeat;
    private final Duration maxBackoff;

    private volatile boolean running;
    private volatile long lastHeardNanos;
    private volatile long clientId = -1;
    private volatile CompletableFuture<Void> lost = new CompletableFuture<>();
    private volatile CompletableFuture<Void> stopped = new CompletableFuture<>();
    private Thread supervisor;

    public NearCacheTracking(@RedisClientName("tracking") Redis client, NearCache near, CatalogKeys keys,
            RedisGuard guard, CacheMetrics metrics, CatalogConfig catalog) {
        this.client = client;
        this.near = near;
        this.keys = keys;
        this.guard = guard;
        this.metrics = metrics;
        this.heartbeat = catalog.cache().near().heartbeatInterval();
        this.maxBackoff = catalog.cache().near().reconnectMaxBackoff();
        // Beside cache_near_tracking, which is 0 both while the near cache is off and while its tracking is down:
        // an alert needs to tell the two apart.
        metrics.gauge("cache.near.enabled", ProductCache.NAME, this, tracking -> tracking.running ? 1 : 0);
    }

    void onStart(@Observes StartupEvent event, RedisTopology topology) {
        if (near.enabled() && topology.clustered()) {
            // BCAST tracking reports the keys of the node it is connected to; a cluster would need one such connection
            // per master, kept in step with resharding and failover. Not built: L1 stays empty, reads go to Redis.
            LOG.info("Near cache off: it needs a single Redis server, and this one is a cluster (docs/near-cache.md)");
        } else if (near.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the supervisor thread: tracking is on shortly after, and the near cache in use. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        stopped = new CompletableFuture<>();
        supervisor = Thread.ofPlatform().daemon().name("near-cache-tracking").start(this::supervise);
    }

    /** Closes the connection and stops the supervisor; the near cache is cleared and no longer used. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopped.complete(null);
        lost.complete(null);
        try {
            supervisor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code CLIENT ID} of the tracking connection now, -1 while there is none: what {@code CLIENT KILL ID} takes. */
    public long clientId() {
        return clientId;
    }

    private void supervise() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            CompletableFuture<Void> thisConnection = new CompletableFuture<>();
            lost = thisConnection;
            RedisConnection connection = guard.call("tracking", () -> open(thisConnection), () -> null);
            if (connection != null) {
                backoff = FIRST_BACKOFF;
                near.startUsing();
                LOG.infof("Near cache in use: tracking %s* on Redis connection %d", keys.productKeyPrefix(), clientId);
                watch(connection, thisConnection);                 // returns once the connection is lost
                near.stopUsing();
                clientId = -1;
                forceClose(connection);
                if (running) {
                    LOG.warn("Near cache cleared and out of use: its tracking connection was lost; reconnecting");
                }
            }
            if (running) {
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
        near.stopUsing();
    }

    /** Opens the connection and turns tracking on; throws (for the guard) if any step fails. */
    private RedisConnection open(CompletableFuture<Void> closed) {
        Future<RedisConnection> connecting = client.connect();
        RedisConnection connection;
        try {
            connection = await(connecting);
        } catch (RuntimeException slow) {
            // A connection that comes after this attempt gave up would hold the client's one pooled connection for
            // ever (max-pool-size=1): every later attempt would wait in the pool's queue, and tracking never return.
            connecting.onSuccess(NearCacheTracking::forceClose);
            throw slow;
        }
        connection.handler(this::onMessage);                 // before tracking starts: no push may be missed
        connection.endHandler(end -> closed.complete(null));
        connection.exceptionHandler(failure -> closed.complete(null));
        try {
            Response hello = await(connection.send(Request.cmd(Command.HELLO).arg(3)));
            if (hello.get("proto") == null || hello.get("proto").toInteger() != 3) {
                throw new IllegalStateException("Redis did not switch to RESP3; the near cache needs push messages");
            }
            clientId = await(connection.send(Request.cmd(Command.CLIENT).arg("ID"))).toLong();
            // A connection the pool hands out again may still track (Redis refuses a second, overlapping prefix):
            // start from no tracking, then turn it on. The near cache is out of use until this succeeds.
            await(connection.send(Request.cmd(Command.CLIENT).arg("TRACKING").arg("OFF")));
            await(connection.send(Request.cmd(Command.CLIENT).arg("TRACKING").arg("ON").arg("BCAST")
                    .arg("PREFIX").arg(keys.productKeyPrefix())));
            lastHeardNanos = System.nanoTime();
            return connection;
        } catch (RuntimeException failure) {
            forceClose(connection);
            throw failure;
        }
    }

    /** Until the connection ends, fails, stops answering PINGs, or {@link #stop} is called. */
    private void watch(RedisConnection connection, CompletableFuture<Void> closed) {
        while (running && !closed.isDone()) {
            // The PONG is noted by onMessage too: Vert.x may hand it there when a push arrived while it was awaited.
            connection.send(Request.cmd(Command.PING)).onSuccess(pong -> lastHeardNanos = System.nanoTime());
            try {
                closed.get(heartbeat.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException quiet) {
                if (System.nanoTime() - lastHeardNanos > 2 * heartbeat.toNanos()) {
                    LOG.warnf("The tracking connection did not answer for %s", heartbeat.multipliedBy(2));
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException impossible) {
                return;
            }
        }
    }

    /** On the Vert.x event loop: push messages, and whatever reply Vert.x has no waiting request for. */
    private void onMessage(Response message) {
        lastHeardNanos = System.nanoTime();
        if (message == null || message.type() != ResponseType.PUSH || message.size() < 2
                || !"invalidate".equals(message.get(0).toString())) {
            return;                                           // a PONG, or a push of another kind
        }
        metrics.nearPushed(ProductCache.NAME);
        Response changed = message.get(1);
        if (changed == null) {
            near.clear("flush");                              // FLUSHDB / FLUSHALL: any key may have changed
            return;
        }
        for (Response key : changed) {
            long id = keys.productIdOf(key.toString());
            if (id >= 0) {
                near.evict(id, "push");
            }
        }
    }

    /**
     * Closes the socket itself: closing a pooled Vert.x connection would only hand it back to the pool, tracking
     * still on, and a connection that stopped answering must not be handed out again.
     */
    private static void forceClose(RedisConnection connection) {
        if (connection instanceof PooledRedisConnection pooled) {
            pooled.actual().forceClose();
        } else {
            connection.close();
        }
    }

    private <T> T await(Future<T> pending) {
        try {
            return pending.toCompletionStage().toCompletableFuture().get(2 * heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw new IllegalStateException(failed.getCause());
        } catch (TimeoutException slow) {
            throw new IllegalStateException("no answer within " + heartbeat.multipliedBy(2), slow);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void pause(Duration backoff) {
        try {
            stopped.get(backoff.toMillis(), TimeUnit.MILLISECONDS);  // stop() completes it: no wait on shutdown
        } catch (TimeoutException | ExecutionException waited) {
            // the backoff has passed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
