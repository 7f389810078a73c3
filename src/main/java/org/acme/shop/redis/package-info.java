/**
 * The <b>Redis kernel</b>: how this service talks to Redis, and nothing of any one pattern. The one way to call Redis
 * ({@link org.acme.shop.redis.RedisGuard}: typed command groups, a fallback when Redis fails, a circuit per role,
 * {@link org.acme.shop.redis.RedisGuards}, {@link org.acme.shop.redis.RedisCircuitConfig};
 * {@link org.acme.shop.redis.LuaScript} for scripts), the key prefix and hash tags
 * ({@link org.acme.shop.redis.KeySpace}), one server or a cluster ({@link org.acme.shop.redis.RedisTopology}), the
 * consumer of a stream's group that a write-behind reads with ({@link org.acme.shop.redis.StreamConsumer}: the view
 * flusher's and the flash-sale writer's), and the settings every cache shares, the prefix among them
 * ({@link org.acme.shop.redis.CacheConfig}, {@code cache.*}). What a cache is made of on top of it is the cache
 * kernel, {@code org.acme.shop.cache}.
 * <p>
 * Imports: no package of this project outside {@code redis}. Copy it with any pattern.
 */
package org.acme.shop.redis;
