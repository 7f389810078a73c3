package org.acme.shop.redis.monitoring;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.health.api.Wellness;
import org.acme.shop.redis.KeySpace;
import org.acme.shop.redis.RedisGuard;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Reports whether Redis answers, in SmallRye Health's <b>wellness</b> group ({@code /q/health/well}), never in
 * readiness. Redis is a cache here: with it down the service still answers every read from PostgreSQL
 * ({@code X-Cache: BYPASS}), so taking the pods out of the Service (what a failing readiness probe does in Kubernetes)
 * would turn a cache outage into an outage of the whole API. Only PostgreSQL makes the service not ready.
 * <p>
 * Quarkus's own Redis check ({@code quarkus.redis.health.enabled}) would land in readiness; it is switched off in
 * {@code application.properties}. Each look is one {@code GET} of {@link KeySpace#health}, a key nothing writes,
 * through the role's {@link RedisGuard}, so a failure is counted and logged like any other
 * ({@code operation="health"}), and while the role's circuit is open the look is refused at once and the role
 * reported {@code DOWN}.
 */
@Wellness
@ApplicationScoped
public class RedisHealth implements HealthCheck {

    private final ValueCommands<String, String> cache;
    private final ValueCommands<String, String> sessions;
    private final RedisGuard cacheGuard;
    private final RedisGuard sessionsGuard;
    private final KeySpace keys;

    public RedisHealth(RedisDataSource redis, @RedisClientName("sessions") RedisDataSource sessionRedis,
            RedisGuard cacheGuard, @RedisClientName("sessions") RedisGuard sessionsGuard, KeySpace keys) {
        this.cache = redis.value(String.class);
        this.sessions = sessionRedis.value(String.class);
        this.cacheGuard = cacheGuard;
        this.sessionsGuard = sessionsGuard;
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        boolean cacheUp = answers(cache, cacheGuard);
        boolean sessionsUp = answers(sessions, sessionsGuard);
        return HealthCheckResponse.named("Redis")
                .status(cacheUp && sessionsUp)
                .withData("cache", cacheUp ? "UP" : "DOWN")                 // down: reads BYPASS to PostgreSQL
                .withData("sessions", sessionsUp ? "UP" : "DOWN")           // down: requests that need a user get 503
                .build();
    }

    private boolean answers(ValueCommands<String, String> values, RedisGuard guard) {
        return guard.call("health", () -> {
            values.get(keys.health());                                      // GET shop:health
            return true;
        }, () -> false);
    }
}
