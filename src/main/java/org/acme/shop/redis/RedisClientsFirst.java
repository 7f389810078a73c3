package org.acme.shop.redis;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import io.quarkus.arc.ClientProxy;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates both Redis data sources on the start-up thread, before anything else of the app runs.
 * <p>
 * Why: the Redis extension creates a data source on first use and keeps it in a plain {@code HashMap}. The app starts
 * threads of its own at start-up (the view sender, the flash-sale writer, the near cache's tracking supervisor,
 * the featured refresher) and the scheduler starts its jobs; if two of them made the first use of two different
 * data sources at the same moment, the map could throw {@code ConcurrentModificationException} and the app would not
 * start. Creating both here, first and on one thread, leaves nothing to race for.
 */
@Singleton
class RedisClientsFirst {

    void create(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent started,
            RedisDataSource cache, @RedisClientName("sessions") RedisDataSource sessions) {
        ClientProxy.unwrap(cache);
        ClientProxy.unwrap(sessions);
    }
}
