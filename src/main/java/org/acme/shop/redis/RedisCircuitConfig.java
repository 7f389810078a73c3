package org.acme.shop.redis;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The circuit breaker that {@link RedisGuard} keeps for each Redis role ({@code redis-circuit.*}): once enough of a
 * role's recent commands timed out or lost their connection, the guard stops sending that role commands and runs each
 * caller's fallback at once, so that a slow Redis costs one timeout, not one per request. The same settings apply to
 * both roles; each role counts its own commands.
 */
@ConfigMapping(prefix = "redis-circuit")
public interface RedisCircuitConfig {

    /**
     * How many of a role's latest commands the circuit looks at, and how many it needs before it may open. Default
     * {@code 20}: under load that is a few milliseconds of traffic, so the circuit opens within about one
     * {@code quarkus.redis.timeout} of Redis turning slow; with little traffic, a few slow requests, not one.
     */
    @WithDefault("20")
    int window();

    /**
     * The share of failed commands in the window that opens the circuit. Default {@code 0.5}: ten of the last twenty.
     * A failure here is a timeout or a lost connection only: an error that Redis answered (such as {@code WRONGTYPE})
     * came back at once and says nothing about Redis being slow or away.
     */
    @WithDefault("0.5")
    double failureRatio();

    /**
     * How long an open circuit refuses commands before it lets one probe through; the probe answering closes it,
     * failing opens it again for as long. Default {@code 1s}: while Redis stays slow, one request a second pays the
     * timeout; once it answers, the role is back within a second. It also keeps the outbox's promise: the relay's
     * first attempt after Redis returns comes within {@code cache.outbox.max-lag} even when the circuit was open.
     */
    @WithDefault("1s")
    Duration delay();
}
