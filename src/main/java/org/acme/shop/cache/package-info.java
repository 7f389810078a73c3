/**
 * The <b>cache kernel</b>: what every cache of the service is made of, on top of the Redis kernel
 * ({@code org.acme.shop.redis}). The pieces of a miss ({@link org.acme.shop.cache.SingleFlight} inside an instance,
 * {@link org.acme.shop.cache.RedisLock} across instances, {@link org.acme.shop.cache.TtlJitter}), the vocabulary of
 * outcomes ({@link org.acme.shop.cache.CacheOutcome}, {@link org.acme.shop.cache.Cached}) and how they are counted and
 * traced ({@link org.acme.shop.cache.CacheMetrics}, {@link org.acme.shop.cache.CacheSpans}), the JSON codec and the
 * schema tag of a cached value ({@link org.acme.shop.cache.JsonCodec}, {@link org.acme.shop.cache.ValueSchema}), and
 * the read-through cache ({@code readthrough}).
 * <p>
 * Imports: the Redis kernel, and no other package of this project. Copy both with any pattern.
 */
package org.acme.shop.cache;
