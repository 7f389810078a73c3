/**
 * Production Redis, watched: the health check of both roles ({@link org.acme.shop.redis.monitoring.RedisHealth}), the
 * {@code INFO} gauges ({@link org.acme.shop.redis.monitoring.RedisInfoMetrics}) and the refusal of a Redis older than
 * the minimum at start-up ({@link org.acme.shop.redis.monitoring.RedisVersionCheck}). See docs/production-redis.md.
 * <p>
 * Imports: the Redis kernel only.
 */
package org.acme.shop.redis.monitoring;
