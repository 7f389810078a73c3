package org.acme.shop.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.client.RedisClientName;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the {@link RedisGuard} of each Redis role, named like the role's client: the guard a class injects is the one
 * of the client it injects. Two guards, so that each role has a circuit of its own: a cache role that is away must not
 * refuse sessions that live on another server, nor the other way round.
 */
@Singleton
class RedisGuards {

    /** One outage state for the process, as the logs report it (see {@link RedisGuard}). */
    private final AtomicBoolean down = new AtomicBoolean();

    /** The cache role: beside the default {@code RedisDataSource}. */
    @Produces
    @Singleton
    RedisGuard cache(MeterRegistry registry, RedisCircuitConfig circuit,
            @ConfigProperty(name = "quarkus.redis.timeout") Duration timeout) {
        return new RedisGuard("cache", registry, down, timeout, circuit);
    }

    /** The state role: beside {@code @RedisClientName("sessions") RedisDataSource}. */
    @Produces
    @Singleton
    @RedisClientName("sessions")
    RedisGuard state(MeterRegistry registry, RedisCircuitConfig circuit,
            @ConfigProperty(name = "quarkus.redis.sessions.timeout") Duration timeout) {
        return new RedisGuard("state", registry, down, timeout, circuit);
    }
}
