package org.acme.shop.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.sortedset.ReactiveSortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.redis.client.Response;
import org.acme.shop.http.Roles;
import org.acme.shop.http.problem.Conflict;
import org.acme.shop.http.problem.ServiceUnavailable;
import org.acme.shop.http.problem.Unauthorized;
import org.acme.shop.redis.KeySpace;
import org.acme.shop.redis.LuaScript;
import org.acme.shop.redis.RedisGuard;
import org.acme.shop.session.admin.AdminBootstrap;
import org.acme.shop.user.User;

/**
 * <b>Sessions as Redis HASHes.</b> One HASH per login, {@code shop:session:{sha256(token)}}, holding
 * {@code userId}, {@code email}, {@code displayName}, {@code role}, {@code createdAt}, {@code lastAccessedAt} and one
 * {@code cart:{productId}} field per cart line. Every access reads and writes single fields; nothing is ever
 * serialised as a whole.
 * <p>
 * Runs on the named client {@code sessions}, which defaults to the cache's server: a deployment can move sessions
 * to a persistent Redis with {@code noeviction} while the cache stays on an evicting one.
 * <p>
 * A user's sessions are indexed in a ZSET scored by creation time, {@code shop:user:{id}:sessions-by-created}: logout
 * everywhere and profile changes find them there, and a login beyond {@code session.max-per-user} signs out the
 * oldest ({@link #TO_SIGN_OUT}) without looking at every member.
 * <p>
 * No command or script touches a session and the index together: on a Redis Cluster they live in different hash
 * slots. The order of the steps keeps the one promise that matters instead: a live session is always in its user's
 * index (so logout everywhere finds it). A login adds to the index before it creates the HASH; a sign-out removes the
 * HASH before the index entry. A failure between two steps leaves at most an index entry without a session, which
 * costs nothing: removing it again is harmless, and the next login's trim drops it.
 * <p>
 * Sessions are data, not a cache: there is nothing to fall back to. Every command goes through {@link RedisGuard}
 * like the caches' do, and when Redis fails the request ends with {@code 503} and {@code Retry-After}.
 */
@ApplicationScoped
public class SessionStore {

    static final String CART_PREFIX = "cart:";

    /** The length of a token: 32 random bytes in base64url without padding. */
    public static final int TOKEN_LENGTH = 43;

    /**
     * Sliding expiry in one round trip: if the session exists, stamp {@code lastAccessedAt}, renew the idle TTL and
     * return every field. A missing key (expired or logged out) returns nothing and is not re-created.
     */
    static final LuaScript TOUCH = LuaScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 0 then
              return false
            end
            redis.call('HSET', KEYS[1], 'lastAccessedAt', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return redis.call('HGETALL', KEYS[1])
            """);

    /**
     * Sets one field (ARGV[1], to ARGV[2]) only while the session exists, so a write cannot resurrect an expired one
     * ({@code -1} otherwise). Given a cap (ARGV[3] lines, counting the fields that start with ARGV[4]), a field that
     * would be a new line past the cap is refused ({@code -2}): counted and written in one script, so that lines added
     * at once cannot pass the cap together. A session holds a few fixed fields and its cart lines, so HKEYS is short.
     */
    private static final LuaScript SET_IF_EXISTS = LuaScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 0 then
              return -1
            end
            if ARGV[3] and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
              local lines = 0
              for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
                if string.sub(field, 1, #ARGV[4]) == ARGV[4] then
                  lines = lines + 1
                end
              end
              if lines >= tonumber(ARGV[3]) then
                return -2
              end
            end
            return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            """);

    /**
     * The members of a user's index (KEYS[1]) to sign out: those created before {@code ARGV[1]} (past the absolute
     * lifetime) and, beyond {@code ARGV[2]} sessions, the oldest ones; one consistent read in one round trip. It
     * removes nothing: the caller removes each session's HASH first and its index entry after
     * ({@link #signOutOldest}). Two concurrent logins of one user may pick the same members; both then remove the
     * same sessions, which is harmless, and neither can leave a live session outside the index.
     */
    static final LuaScript TO_SIGN_OUT = LuaScript.of("""
            local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
            local excess = redis.call('ZCARD', KEYS[1]) - #gone - tonumber(ARGV[2])
            if excess > 0 then
              for _, member in ipairs(redis.call('ZRANGE', KEYS[1], #gone, #gone + excess - 1)) do
                table.insert(gone, member)
              end
            end
            return gone
            """);

    /** A live session, read from its HASH. */
    public record Session(String key, long userId, String email, String displayName, String role, Instant createdAt,
            Map<Long, Integer> cart) {
    }

    private final SecureRandom random = new SecureRandom();
    private final RedisDataSource redis;
    private final HashCommands<String, String, String> hashes;
    private final SortedSetCommands<String, String> sortedSets;
    private final KeyCommands<String> keyCommands;
    private final RedisGuard guard;
    private final SessionKeys keys;
    private final SessionConfig config;

    public SessionStore(@RedisClientName("sessions") RedisDataSource redis,
            @RedisClientName("sessions") RedisGuard guard, SessionKeys keys, SessionConfig config) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.sortedSets = redis.sortedSet(String.class);
        this.keyCommands = redis.key();
        this.guard = guard;
        this.keys = keys;
        this.config = config;
    }

    /** Creates a session and returns its token; only the token's hash is stored. */
    public String create(User user) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String tokenHash = sha256(token);
        String key = keys.session(tokenHash);
        Instant created = Instant.now();
        String now = created.toString();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("userId", user.id.toString());
        fields.put("email", user.email);
        fields.put("displayName", user.displayName);
        fields.put("role", user.role);              // read on every request without SQL; a role change needs a new login
        fields.put("createdAt", now);
        fields.put("lastAccessedAt", now);
        String index = keys.userSessions(user.id);
        long absoluteMillis = config.absoluteLifetime().toMillis();
        // Index first, session second (see the class comment); each step is one key's MULTI … EXEC, all or nothing.
        call("session-create", () -> redis.withTransaction(tx -> {
            tx.sortedSet(String.class).zadd(index, created.toEpochMilli(), tokenHash);
            tx.key().pexpire(index, absoluteMillis);
        }));
        call("session-create", () -> redis.withTransaction(tx -> {
            tx.hash(String.class).hset(key, fields);
            tx.key().pexpire(key, config.idleTimeout().toMillis());
        }));
        signOutOldest(index, created.toEpochMilli() - absoluteMillis);
        return token;
    }

    /** Signs out what {@link #TO_SIGN_OUT} names: each session's HASH first, then its index entry. */
    private void signOutOldest(String index, long createdBefore) {
        call("session-create", () -> {
            Response gone = TO_SIGN_OUT.run(redis, List.of(index), Long.toString(createdBefore),
                    Integer.toString(config.maxPerUser()));
            if (gone.size() == 0) {
                return 0;
            }
            List<String> tokenHashes = new ArrayList<>(gone.size());
            gone.forEach(member -> tokenHashes.add(member.toString()));
            tokenHashes.forEach(tokenHash -> keyCommands.unlink(keys.session(tokenHash)));   // one slot each
            return sortedSets.zrem(index, tokenHashes.toArray(String[]::new));
        });
    }

    /** Resolves a token to its live session and slides its expiry, or throws {@link Unauthorized}. */
    public Session require(String token) {
        String key = sessionKey(token);
        Response fields = call("session-touch", () -> TOUCH.run(redis, List.of(key), Instant.now().toString(),
                Long.toString(config.idleTimeout().toMillis())));
        Session session = session(key, fields);
        if (outlived(session)) {
            delete(key, session.userId());                           // active or not, it has lived long enough
            throw new Unauthorized("The session has expired");
        }
        return session;
    }

    /**
     * {@link #require} without blocking a thread: the same {@link #TOUCH}, sent from the event loop, where Quarkus
     * Security authenticates every request that needs a user ({@link SessionIdentityProvider}). A blocking lookup there
     * would cost a hop to a worker thread and back before the request even reaches its endpoint. Fails with
     * {@link Unauthorized}, or with {@link ServiceUnavailable} when Redis fails, like {@link #require}.
     */
    public Uni<Session> requireAsync(String token) {
        String key;
        try {
            key = sessionKey(token);
        } catch (Unauthorized e) {
            return Uni.createFrom().failure(e);
        }
        return guard.callAsync("session-touch", () -> TOUCH.runAsync(redis, List.of(key), Instant.now().toString(),
                Long.toString(config.idleTimeout().toMillis())), SessionStore::unavailable)
                .chain(fields -> {
                    Session session = session(key, fields);
                    if (!outlived(session)) {
                        return Uni.createFrom().item(session);
                    }
                    return Uni.createFrom().<Session>item(() -> {             // rare: the delete blocks, off the event loop
                        delete(key, session.userId());
                        throw new Unauthorized("The session has expired");
                    }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
                });
    }

    private String sessionKey(String token) {
        if (token == null || token.isBlank()) {
            throw new Unauthorized("Log in first: send 'Authorization: Bearer <token>' or the session cookie");
        }
        if (!isWellFormed(token, 0, token.length())) {
            throw new Unauthorized("The session token is malformed");
        }
        return keys.session(sha256(token));
    }

    /**
     * Whether {@code value} from {@code from} to {@code to} has the exact form of the tokens {@link #create} makes: 43
     * characters of the base64url alphabet, the last of which carries only the 256th bit's 4 bits, so its value is a
     * multiple of 4. Looks at each character once and allocates nothing: public reads call it on any
     * {@code Authorization} header a client sends (views' {@code VisitorId}).
     */
    public static boolean isWellFormed(CharSequence value, int from, int to) {
        if (to - from != TOKEN_LENGTH) {
            return false;
        }
        for (int i = from; i < to - 1; i++) {
            if (base64Url(value.charAt(i)) < 0) {
                return false;
            }
        }
        int last = base64Url(value.charAt(to - 1));
        return last >= 0 && last % 4 == 0;
    }

    /** The value of a base64url character, or {@code -1}. */
    private static int base64Url(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }

    /** The session of {@link #TOUCH}'s reply: every field of the HASH, or nothing when it has expired. */
    private Session session(String key, Response fields) {
        if (fields == null || fields.size() == 0) {
            throw new Unauthorized("The session has expired or does not exist");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            map.put(fields.get(i).toString(), fields.get(i + 1).toString());
        }
        Map<Long, Integer> cart = new LinkedHashMap<>();
        map.forEach((field, value) -> {
            if (field.startsWith(CART_PREFIX)) {
                cart.put(Long.parseLong(field.substring(CART_PREFIX.length())), Integer.parseInt(value));
            }
        });
        return new Session(key, Long.parseLong(map.get("userId")), map.get("email"), map.get("displayName"),
                map.getOrDefault("role", Roles.CUSTOMER), Instant.parse(map.get("createdAt")), cart);
    }

    private boolean outlived(Session session) {
        return session.createdAt().plus(config.absoluteLifetime()).isBefore(Instant.now());
    }

    public Instant expiresAt(Session session) {
        return session.createdAt().plus(config.absoluteLifetime());
    }

    /** Sets one cart line and returns the session as it now is, without reading it again. */
    public Session setCartLine(Session session, long productId, int quantity) {
        // HSET one field, only while the session exists: a plain HSET would re-create an expired one without a TTL
        int maxLines = config.cartMaxLines();
        long written = call("cart-set", () -> SET_IF_EXISTS.run(redis, List.of(session.key()),
                CART_PREFIX + productId, Integer.toString(quantity), Integer.toString(maxLines), CART_PREFIX).toLong());
        if (written == -1) {
            throw new Unauthorized("The session has expired or does not exist");
        }
        if (written == -2) {
            throw new Conflict("The cart holds " + maxLines + " lines already: at most " + maxLines
                    + " (session.cart-max-lines); change or remove a line first");
        }
        Map<Long, Integer> cart = new LinkedHashMap<>(session.cart());
        cart.put(productId, quantity);
        return new Session(session.key(), session.userId(), session.email(), session.displayName(), session.role(),
                session.createdAt(), cart);
    }

    public void removeCartLine(Session session, long productId) {
        call("cart-remove", () -> hashes.hdel(session.key(), CART_PREFIX + productId));
    }

    /**
     * Writes the new name into every live session of the user, and forgets the entries whose session has expired: an
     * entry without a session that is older than the idle timeout. A younger one is left alone: it may be a login
     * between its two steps, whose session is about to exist.
     */
    public void updateDisplayName(long userId, String displayName) {
        String index = keys.userSessions(userId);
        long expiredBefore = Instant.now().minus(config.idleTimeout()).toEpochMilli();
        call("session-profile", () -> {
            for (ScoredValue<String> entry : sortedSets.zrangeWithScores(index, 0, -1)) {   // at most max-per-user
                Response result = SET_IF_EXISTS.run(redis, List.of(keys.session(entry.value())), "displayName",
                        displayName);
                if (result.toLong() < 0 && entry.score() < expiredBefore) {
                    sortedSets.zrem(index, entry.value());
                }
            }
            return null;
        });
    }

    public void delete(String sessionKey, long userId) {
        call("session-delete", () -> {
            keyCommands.unlink(sessionKey);
            return sortedSets.zrem(keys.userSessions(userId), sessionKey.substring(sessionKey.lastIndexOf(':') + 1));
        });
    }

    /** Logout everywhere: every session's HASH (each in its own slot on a cluster), then the index. */
    public void deleteAll(long userId) {
        String index = keys.userSessions(userId);
        call("session-delete", () -> {
            sortedSets.zrange(index, 0, -1).forEach(tokenHash -> keyCommands.unlink(keys.session(tokenHash)));
            return keyCommands.unlink(index);
        });
    }

    /**
     * {@link #deleteAll} as start-up sends it ({@link AdminBootstrap}): the same commands on the reactive client, each
     * waiting up to {@link RedisGuard#START_UP_WAIT} instead of {@code quarkus.redis.sessions.timeout}, because they
     * may be the first this client sends (see there). Only the start-up thread may wait that long.
     */
    public void deleteAllAtStartUp(long userId) {
        String index = keys.userSessions(userId);
        ReactiveSortedSetCommands<String, String> slowSortedSets = redis.getReactive().sortedSet(String.class);
        ReactiveKeyCommands<String> slowKeys = redis.getReactive().key();
        Duration wait = RedisGuard.START_UP_WAIT;
        call("session-delete", () -> {
            for (String tokenHash : slowSortedSets.zrange(index, 0, -1).await().atMost(wait)) {
                slowKeys.unlink(keys.session(tokenHash)).await().atMost(wait);
            }
            return slowKeys.unlink(index).await().atMost(wait);
        });
    }

    /** Runs session commands; without Redis there is no session to read or write, so the request gets a 503. */
    private <T> T call(String operation, Supplier<T> command) {
        return guard.call(operation, command, SessionStore::unavailable);
    }

    private static <T> T unavailable() {
        throw new ServiceUnavailable("The session store is unavailable; try again shortly");
    }

    /** The hex SHA-256 of a token: what its session's key and the user's index hold instead of the token. */
    public static String sha256(String token) {
        return KeySpace.sha256(token);
    }
}
