package org.acme.shop.redis.monitoring;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.vertx.redis.client.Command;
import org.acme.shop.redis.RedisGuard;
import org.jboss.logging.Logger;

/**
 * Refuses to run on a Redis older than {@link #MINIMUM}: at start-up, each Redis role (the cache, and the persistent
 * role of the client {@code sessions}) is asked for {@code INFO server}, and a {@code redis_version} below the minimum
 * stops the start with a message that names both versions.
 * <p>
 * Why refuse rather than run: on an older server the commands that need 6.2 fail on every call ({@code ERR unknown
 * command}), each feature behind them falls back or answers 503 for good, and the logs only show the symptoms.
 * <p>
 * Redis down at start-up does not stop the start (the service runs on PostgreSQL without it; the check waits at most
 * {@link RedisGuard#START_UP_WAIT} per role, the client's first command): the role's version is then checked the
 * first time {@link RedisInfoMetrics} reads the role's {@code INFO}, and a server that turns out too old stops the
 * application then, with the same message. A role on a Redis Cluster is not polled there, so a cluster that is down
 * at start-up is not checked until the next start. A version string that cannot be read (not
 * {@code major.minor[.patch]}) is logged and accepted: a Redis-compatible server with a version scheme of its own is
 * not refused on a guess.
 */
@Singleton
public class RedisVersionCheck {

    /**
     * The oldest Redis this service runs on. 6.2.0 brought three commands it sends: {@code GEOSEARCH} (stores
     * nearby), {@code ZUNION} (best sellers) and {@code XAUTOCLAIM} (view counting, flash sales); 6.0 brought what the
     * near cache needs ({@code HELLO 3}, {@code CLIENT TRACKING … BCAST}). Nothing the service sends needs 7.0 (an
     * {@code INFO} with several sections would: {@link RedisInfoMetrics} sends a plain one).
     */
    public static final Version MINIMUM = new Version(6, 2, 0);

    private static final Logger LOG = Logger.getLogger(RedisVersionCheck.class);

    private final RedisRoles roles;
    /** role -> the redis_version it answered; a role is absent until it has answered once. */
    private final Map<String, String> checked = new ConcurrentHashMap<>();

    public RedisVersionCheck(RedisRoles roles) {
        this.roles = roles;
    }

    /** Right after {@code RedisClientsFirst} created the clients, before the rest of the app starts its work. */
    void atStartUp(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent started) {
        for (RedisRoles.Role role : roles.all()) {
            Map<String, String> info = role.guard().call("version", () -> RedisInfoMetrics.parse(role.redis()
                    .getReactive().execute(Command.INFO, "server").await().atMost(RedisGuard.START_UP_WAIT).toString()),
                    () -> null);
            if (info == null) {
                LOG.warnf("Redis (%s role) did not answer at start-up; its version (at least %s) is checked when it "
                        + "first answers", role.name(), MINIMUM);
            } else {
                check(role.name(), info.get("redis_version"));       // throws: the start fails with its message
            }
        }
    }

    /**
     * What a role's {@code INFO} answered later (see {@link RedisInfoMetrics#poll}): checked once, the first time. A
     * server below the minimum is logged and the application stops, as it would have refused to start.
     */
    void answered(String role, Map<String, String> info) {
        if (checked.containsKey(role) || !info.containsKey("redis_version")) {
            return;
        }
        try {
            check(role, info.get("redis_version"));
        } catch (IllegalStateException tooOld) {
            LOG.error(tooOld.getMessage());
            Quarkus.asyncExit(1);
        }
    }

    /** The redis_version each role answered, for the roles that have answered. */
    public Map<String, String> checkedVersions() {
        return Map.copyOf(checked);
    }

    private void check(String role, String reported) {
        checked.put(role, String.valueOf(reported));
        Optional<Version> version = Version.parse(reported);
        if (version.isEmpty()) {
            LOG.warnf("Redis (%s role) reports redis_version '%s', which is not major.minor.patch; it is not checked "
                    + "against the minimum %s", role, reported, MINIMUM);
            return;
        }
        String refusal = refusal(role, version.get());
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        LOG.debugf("Redis (%s role) is %s, at least %s", role, version.get(), MINIMUM);
    }

    /** The message that refuses {@code version} for {@code role}, or null when it is recent enough. */
    static String refusal(String role, Version version) {
        if (version.compareTo(MINIMUM) >= 0) {
            return null;
        }
        return "Redis (" + role + " role) is version " + version + "; catalog-cache needs Redis " + MINIMUM
                + " or later (it sends GEOSEARCH, ZUNION and XAUTOCLAIM, which came in 6.2). Upgrade that Redis server.";
    }

    /** A Redis version, {@code major.minor.patch}, compared part by part. */
    public record Version(int major, int minor, int patch) implements Comparable<Version> {

        /** Leading {@code major[.minor[.patch]]}, optionally followed by a suffix such as {@code -rc1}. */
        private static final Pattern FORM = Pattern.compile("(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?(?:[-+~].*)?");

        /** The version in {@code text} (as INFO reports it: {@code 7.2.4}), or empty when it has no such form. */
        public static Optional<Version> parse(String text) {
            if (text == null) {
                return Optional.empty();
            }
            Matcher matcher = FORM.matcher(text.strip());
            if (!matcher.matches()) {
                return Optional.empty();
            }
            return Optional.of(new Version(Integer.parseInt(matcher.group(1)), part(matcher.group(2)),
                    part(matcher.group(3))));
        }

        private static int part(String digits) {
            return digits == null ? 0 : Integer.parseInt(digits);
        }

        @Override
        public int compareTo(Version other) {
            int byMajor = Integer.compare(major, other.major);
            if (byMajor != 0) {
                return byMajor;
            }
            int byMinor = Integer.compare(minor, other.minor);
            return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }
}
