package org.acme.shop.redis.monitoring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.quarkus.scheduler.Scheduled;
import io.vertx.redis.client.Command;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.redis.RedisTopology;

/**
 * Redis's own figures as gauges beside the service's cache metrics, for each Redis role: {@code cache} (the default
 * client: the evicting cache) and {@code state} (the {@code sessions} client: sessions, rate limits, streams, on a
 * persistent Redis). Every {@code redis-monitoring.interval} each role is asked for {@code INFO}, its default sections
 * (several section arguments need Redis 7.0, older than {@link RedisVersionCheck#MINIMUM} allows), through
 * {@link RedisGuard}; the figures an operator alerts on become
 * {@code redis_keyspace_hits{role}}, {@code redis_keyspace_misses}, {@code redis_evicted_keys},
 * {@code redis_memory_used_bytes}, {@code redis_memory_max_bytes} (0: no limit), {@code redis_connected_clients},
 * {@code redis_master_repl_offset}, and {@code redis_up} (1 when the last {@code INFO} was answered, else 0).
 * <p>
 * Why here and not a redis_exporter beside Redis: the app sees Redis through its own client, network and ACL user,
 * and a managed Redis may give no place to run an exporter. The figures are Redis's counters as they are (hits since
 * the server started): Prometheus's {@code rate()} handles restarts. When a role does not answer, its figures are
 * {@code NaN} until it does, so an alert never fires on a stale value.
 * <p>
 * A role on a Redis Cluster is not polled and has no gauges: the cluster client sends a keyless {@code INFO} to one
 * node of its choosing, and a gauge that jumps from node to node would be worse than none. Per-node figures come from
 * the managed service or a redis_exporter per node there (docs/production-redis.md).
 * <p>
 * {@code INFO} has no typed command in the Redis client: {@code execute} is used here and in
 * {@link RedisVersionCheck}, the other places besides {@link LuaScript}.
 */
@ApplicationScoped
public class RedisInfoMetrics {

    /** INFO field, gauge name, base unit (or null). */
    private record Figure(String field, String gauge, String unit) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("keyspace_hits", "redis.keyspace.hits", null),
            new Figure("keyspace_misses", "redis.keyspace.misses", null),
            new Figure("evicted_keys", "redis.evicted.keys", null),
            new Figure("used_memory", "redis.memory.used", BaseUnits.BYTES),
            new Figure("maxmemory", "redis.memory.max", BaseUnits.BYTES),
            new Figure("connected_clients", "redis.connected.clients", null),
            new Figure("master_repl_offset", "redis.master.repl.offset", null));

    private final List<RedisRoles.Role> polled;
    private final RedisVersionCheck versions;
    /** role -> INFO field -> last value; read by the gauges. */
    private final Map<String, Map<String, Double>> values = new ConcurrentHashMap<>();

    /**
     * {@code config} is taken for its default: a {@link io.smallrye.config.ConfigMapping} that no bean injects is not
     * registered, and the {@code @Scheduled} expression below could not read {@code redis-monitoring.interval}.
     */
    public RedisInfoMetrics(RedisRoles roles, MeterRegistry registry, RedisMonitoringConfig config,
            RedisTopology topology, RedisVersionCheck versions) {
        this.polled = roles.all().stream().filter(role -> role.name().equals("cache")
                ? !topology.clustered() : !topology.sessionsClustered()).toList();
        this.versions = versions;
        for (String role : polled.stream().map(RedisRoles.Role::name).toList()) {
            Map<String, Double> figures = new ConcurrentHashMap<>();
            values.put(role, figures);
            for (Figure figure : FIGURES) {
                figures.put(figure.field(), Double.NaN);
                Gauge.builder(figure.gauge(), figures, f -> f.get(figure.field())).tag("role", role)
                        .baseUnit(figure.unit()).description("Redis INFO " + figure.field()).register(registry);
            }
            figures.put("up", 0.0);
            Gauge.builder("redis.up", figures, f -> f.get("up")).tag("role", role)
                    .description("1 when the role's Redis answered the last INFO").register(registry);
        }
    }

    /**
     * Asks each role for its figures; the first poll waits one interval, start-up has enough to do. The answer also
     * carries {@code redis_version}, for a role that did not answer at start-up ({@link RedisVersionCheck}).
     */
    @Scheduled(identity = "redis-info", every = "${redis-monitoring.interval}", delayed = "${redis-monitoring.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void poll() {
        for (RedisRoles.Role role : polled) {
            Map<String, String> info = role.guard().call("info", () -> parse(
                    role.redis().execute(Command.INFO).toString()), () -> null);
            if (info != null) {
                versions.answered(role.name(), info);
            }
            Map<String, Double> figures = values.get(role.name());
            for (Figure figure : FIGURES) {
                String value = info == null ? null : info.get(figure.field());
                figures.put(figure.field(), value == null ? Double.NaN : Double.parseDouble(value));
            }
            figures.put("up", info == null ? 0.0 : 1.0);
        }
    }

    /** INFO's text: {@code # Section} headers and {@code field:value} lines. */
    static Map<String, String> parse(String info) {
        Map<String, String> fields = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }
}
