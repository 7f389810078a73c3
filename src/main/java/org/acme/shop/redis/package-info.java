/**
 * What every feature shares, and nothing else: the key space ({@link org.acme.shop.redis.KeySpace}), the one way to
 * call Redis ({@link org.acme.shop.redis.RedisGuard}, {@link org.acme.shop.redis.LuaScript}), the pieces of the
 * miss path ({@link org.acme.shop.redis.SingleFlight}, {@link org.acme.shop.redis.RedisLock}), the vocabulary of
 * cache outcomes ({@link org.acme.shop.redis.CacheOutcome}, {@link org.acme.shop.redis.Cached},
 * {@link org.acme.shop.redis.CacheMetrics}), the JSON codec and the mapping of errors to RFC 9457 problems.
 */
package org.acme.shop.redis;
