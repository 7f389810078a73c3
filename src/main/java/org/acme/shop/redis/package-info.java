/**
 * The <b>Redis kernel</b>: what every pattern stands on, and nothing of any one of them. The one way to call Redis
 * ({@link org.acme.shop.redis.RedisGuard}: typed command groups, a fallback when Redis fails;
 * {@link org.acme.shop.redis.LuaScript} for scripts), the pieces of a miss ({@link org.acme.shop.redis.SingleFlight},
 * {@link org.acme.shop.redis.RedisLock}, {@link org.acme.shop.redis.TtlJitter}), the key prefix and hash tags
 * ({@link org.acme.shop.redis.KeySpace}), the consumer of a stream's group that a write-behind reads with
 * ({@link org.acme.shop.redis.StreamConsumer}: the view flusher's and the flash-sale writer's), the vocabulary of
 * outcomes ({@link org.acme.shop.redis.CacheOutcome}, {@link org.acme.shop.redis.Cached},
 * {@link org.acme.shop.redis.CacheMetrics}), the spans of a cache's steps in a request's trace
 * ({@link org.acme.shop.redis.CacheSpans}), the JSON codec and the schema tag of a cached value
 * ({@link org.acme.shop.redis.ValueSchema}), and the settings that every cache shares
 * ({@link org.acme.shop.redis.CacheConfig}, {@code cache.*}).
 * <p>
 * Imports: no package of this project outside {@code redis}. Copy it with any pattern.
 */
package org.acme.shop.redis;
