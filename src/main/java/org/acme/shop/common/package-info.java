/**
 * What every feature shares and nothing more: the Redis key space, TTL jitter, cache metrics and the
 * mapping of errors to RFC 9457 problem bodies.
 */
package org.acme.shop.common;
