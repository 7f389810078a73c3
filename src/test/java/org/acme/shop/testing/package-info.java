/**
 * Test helpers shared by the features' tests: arranging data through the API, looking into Redis, counting SQL,
 * reading metrics, firing concurrent requests, Redis servers of the tests' own that a test may stop
 * ({@link org.acme.shop.testing.PrivateRedis}), and the one TCP fault proxy ({@link org.acme.shop.testing.FaultProxy}).
 * <p>
 * Also the test profiles that several test classes share, each one application start: {@code OnAPrivateRedis},
 * {@code OnTwoPrivateRedis}, {@code OnASecuredRedis}, {@code BehindProxies},
 * {@code RedisUnreachable} and {@code SafeguardsSwitchedOff}. Each profile's comment names the tests that share it and
 * what each of them needs; join one before you add another (CONTRIBUTING.md).
 */
package org.acme.shop.testing;
