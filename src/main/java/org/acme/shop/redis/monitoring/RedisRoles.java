package org.acme.shop.redis.monitoring;

import java.util.List;

import jakarta.inject.Singleton;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import org.acme.shop.redis.RedisGuard;

/**
 * The two Redis roles as the monitoring asks them, one after the other: each with its client and the guard of that
 * client ({@code cache}: the default client; {@code state}: the client {@code sessions}).
 */
@Singleton
public class RedisRoles {

    /** A role's name (the {@code role} tag of the gauges and the logs), its client and its guard. */
    public record Role(String name, RedisDataSource redis, RedisGuard guard) {
    }

    private final List<Role> all;

    public RedisRoles(RedisDataSource cache, RedisGuard cacheGuard, @RedisClientName("sessions") RedisDataSource state,
            @RedisClientName("sessions") RedisGuard stateGuard) {
        this.all = List.of(new Role("cache", cache, cacheGuard), new Role("state", state, stateGuard));
    }

    /** Both roles, cache first. */
    public List<Role> all() {
        return all;
    }
}
