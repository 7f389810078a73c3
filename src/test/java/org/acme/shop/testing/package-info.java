/**
 * Test helpers shared by the features' tests: arranging data through the API, looking into Redis, counting SQL,
 * reading metrics, firing concurrent requests, and a Redis server of the test's own that a test may stop.
 */
package org.acme.shop.testing;
