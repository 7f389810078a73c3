package org.acme.shop.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.RedisValueType;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.acme.shop.session.SessionConfig;
import org.acme.shop.testing.Accounts;
import org.acme.shop.testing.OnTwoPrivateRedis;
import org.acme.shop.testing.Products;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Anonymous traffic cannot grow the persistent role: thousands of public product reads with random bearer strings
 * (well-formed and garbage), random cookies and random {@code X-Forwarded-For}, and thousands of visits from distinct
 * addresses, add to the state role nothing but one HyperLogLog and one pending counter per product read, within
 * {@link ViewStatistics#MAX_BYTES_PER_DAY_KEY} per day key; no token is stored, a real session counts once, and every
 * made-up token counts as its address.
 * <p>
 * The state role is a Redis of its own here ({@link OnTwoPrivateRedis}), configured as compose configures it
 * ({@code maxmemory 256mb}, {@code noeviction}): in most other tests both roles share one database, where the cache's
 * copies and tombstones of the same reads would mix with what this test measures. The tests that share its start
 * leave keys of their own there (sessions, flash sales): this test measures what its own traffic adds.
 */
@Tag("own-redis")   // brings its own Redis server: not run again against the cluster (.ci/run)
@QuarkusTest
@TestProfile(OnTwoPrivateRedis.class)
class VisitorFloodTest {

    private static final int READS = 3_200;
    private static final int CROWD = 6_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COOKIE = SessionConfig.SECURE_COOKIE + "=";

    @Inject
    @RedisClientName("sessions")
    RedisDataSource state;

    @Inject
    ViewCounter counter;

    @Inject
    ViewKeys keys;

    @TestHTTPResource("/api/products/")
    URI products;

    @Test
    void randomTokensAndAddressesAddOneBoundedHyperLogLogPerProductReadAndStoreNoToken() throws Exception {
        long read = Products.create();
        long crowded = Products.create();
        long unknown = crowded + 1_000_000_000L;
        String user = Accounts.newSession();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        sent.add(user);
        counter.sendBuffered();                               // what earlier requests recorded is in Redis now
        Set<String> before = allKeys();

        // Thousands of reads over HTTP, from 16 clients at once: a tenth by the signed-in user, the rest with random
        // well-formed tokens, garbage bearer strings up to 4,000 characters, random cookies or nothing, some of
        // unknown ids. The connection's peer is this machine: X-Forwarded-For is ignored without proxy trust.
        HttpClient http = HttpClient.newHttpClient();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < READS; i++) {
                int n = i;
                statuses.add(clients.submit(() -> {
                    start.await();
                    long id = n % 10 == 9 ? unknown + n : read;
                    HttpRequest.Builder request = HttpRequest.newBuilder(products.resolve(Long.toString(id)))
                            .header("X-Forwarded-For", randomAddress());
                    switch (n % 10) {
                        case 0 -> request.header("Authorization", "Bearer " + user);
                        case 1, 2, 9 -> request.header("Authorization", "Bearer " + remember(sent, wellFormedToken()));
                        case 3, 4, 5 -> request.header("Authorization", "Bearer " + remember(sent, garbage()));
                        case 6 -> request.header("Cookie", COOKIE + remember(sent, wellFormedToken()));
                        case 7 -> request.header("Cookie", COOKIE + remember(sent, garbage()));
                        default -> { }
                    }
                    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                }));
            }
            start.countDown();
            for (int i = 0; i < READS; i++) {
                assertThat(statuses.get(i).get()).as("read %d", i).isEqualTo(i % 10 == 9 ? 404 : 200);
            }
        }

        // Thousands of visits from distinct addresses, which one machine cannot send over HTTP: the same counting,
        // called directly, every one with a made-up token; and the user once more, from an address of its own.
        for (int i = 0; i < CROWD; i++) {
            String token = remember(sent, i % 2 == 0 ? wellFormedToken() : garbage());
            counter.record(crowded, VisitorId.from("Bearer " + token, null, "10.20." + i / 256 + "." + i % 256));
            if (i % 1_000 == 999) {
                counter.sendBuffered();                       // within views.max-visitors per interval
            }
        }
        counter.record(crowded, VisitorId.from("Bearer " + user, null, "10.30.0.1"));
        counter.sendBuffered();

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String readVisitors = keys.viewVisitors(counter.shard(read), read, today);
        String crowdVisitors = keys.viewVisitors(counter.shard(crowded), crowded, today);
        Set<String> added = new HashSet<>(allKeys());
        added.removeAll(before);
        assertThat(added).as("the state role grew by one HyperLogLog and one pending counter per product read, "
                + "no key for an unknown id, no session").isSubsetOf(readVisitors, crowdVisitors,
                        keys.viewsPending(counter.shard(read), read),
                        keys.viewsPending(counter.shard(crowded), crowded),
                        keys.viewStream(counter.shard(read)))
                .contains(readVisitors, crowdVisitors);

        assertThat(state.hyperloglog(String.class).pfcount(readVisitors))
                .as("3,200 reads with random tokens and addresses: the signed-in user and this machine's address")
                .isEqualTo(2);
        assertThat(state.hyperloglog(String.class).pfcount(crowdVisitors))
                .as("6,000 addresses with made-up tokens, and the user: HyperLogLog's standard error is 0.81 %")
                .isBetween((long) ((CROWD + 1) * 0.98), (long) ((CROWD + 1) * 1.02));

        assertThat(state.value(String.class).strlen(crowdVisitors)).as("dense: 16,384 six-bit registers and a header")
                .isEqualTo(12_304);
        for (String dayKey : List.of(readVisitors, crowdVisitors)) {
            assertThat(memoryUsage(dayKey)).as("MEMORY USAGE of %s", dayKey)
                    .isLessThanOrEqualTo(ViewStatistics.MAX_BYTES_PER_DAY_KEY);
        }
        long counters = added.stream().filter(key -> key.contains(":views:pending:"))
                .mapToLong(this::memoryUsage).sum();
        assertThat(counters).as("the two pending counters: a number each").isLessThanOrEqualTo(2 * 100);

        // Strings of 16 characters and more: a shorter one may occur in a hex key name by chance.
        List<String> tokens = sent.stream().filter(token -> token.length() >= 16).toList();
        for (String key : allKeys()) {
            String value = state.key().type(key) == RedisValueType.STRING ? state.value(String.class).get(key) : "";
            for (String token : tokens) {
                assertThat(key).as("a key named after a token").doesNotContain(token);
                assertThat(value).as("a value holding a token").doesNotContain(token);
            }
        }
    }

    /** Every key of the state role: a server of its own, which no other application start uses. */
    private Set<String> allKeys() {
        Set<String> found = new HashSet<>();
        state.key().scan(new KeyScanArgs().count(1000)).toIterable().forEach(found::add);
        return found;
    }

    private long memoryUsage(String key) {
        return state.execute("MEMORY", "USAGE", key).toLong();
    }

    private static String remember(Set<String> sent, String token) {
        sent.add(token);
        return token;
    }

    /** 43 characters of base64url that end as 32 bytes do: the form of a real token, of no session. */
    private static String wellFormedToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Printable garbage of 1 to 4,000 characters, sometimes 43 long. */
    private static String garbage() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int length = random.nextInt(4) == 0 ? 43 : 1 + random.nextInt(4_000);
        StringBuilder garbage = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            garbage.append((char) ('!' + random.nextInt(94)));
        }
        return garbage.toString().replace(';', '.').replace(',', '.');
    }

    private static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    }
}
