/**
 * What every feature shares, and nothing else: the key space ({@link org.acme.shop.common.KeySpace}), the one way to
 * call Redis ({@link org.acme.shop.common.RedisGuard}, {@link org.acme.shop.common.LuaScript}), the pieces of the
 * miss path ({@link org.acme.shop.common.SingleFlight}, {@link org.acme.shop.common.RedisLock}), the vocabulary of
 * cache outcomes ({@link org.acme.shop.common.CacheOutcome}, {@link org.acme.shop.common.Cached},
 * {@link org.acme.shop.common.CacheMetrics}), the JSON codec and the mapping of errors to RFC 9457 problems.
 */
package org.acme.shop.common;
