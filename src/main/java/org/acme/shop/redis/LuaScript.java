package org.acme.shop.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script that runs atomically in Redis: the check and the write of a guard happen with no command of another
 * client in between. The Redis client has no typed command for scripts, so this is the one place that sends them.
 * <p>
 * It sends {@code EVALSHA} with the script's SHA-1, so a call carries 40 bytes instead of the script's text; when
 * Redis answers {@code NOSCRIPT} (it restarted, or {@code SCRIPT FLUSH} ran), one {@code EVAL} sends the text, which
 * also loads it for the next calls.
 */
public record LuaScript(String source, String sha1) {

    public static LuaScript of(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new LuaScript(source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** Runs the script with {@code keys} as {@code KEYS} and {@code args} as {@code ARGV}; returns Redis's reply. */
    public Response run(RedisDataSource redis, List<String> keys, String... args) {
        try {
            return redis.execute("EVALSHA", arguments(sha1, keys, args));
        } catch (RuntimeException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            return redis.execute("EVAL", arguments(source, keys, args));
        }
    }

    /**
     * Runs the script without blocking the calling thread: the reply arrives on the event loop, so a request served
     * there (a flash-sale reservation, the session lookup of every signed-in request) waits for Redis without holding
     * a worker thread, and without the two thread switches of a blocking call. The same {@code EVALSHA}, and on
     * {@code NOSCRIPT} the same one {@code EVAL}, as {@link #run}. The reactive API has no timeout of its own:
     * {@link RedisGuard#callAsync} applies {@code quarkus.redis.timeout}.
     */
    public Uni<Response> runAsync(RedisDataSource redis, List<String> keys, String... args) {
        return redis.getReactive().execute("EVALSHA", arguments(sha1, keys, args))
                .onFailure(LuaScript::isNoScript)
                .recoverWithUni(() -> redis.getReactive().execute("EVAL", arguments(source, keys, args)));
    }

    /** One run of the script in a pipeline: its {@code KEYS} and {@code ARGV}. */
    public record Call(List<String> keys, List<String> args) {
    }

    /**
     * Runs the script once per call in one <b>pipeline</b>: every {@code EVALSHA} is written to the connection before
     * the first reply is read, so a hundred runs cost one round trip instead of a hundred. Each run is atomic on its
     * own; the pipeline as a whole is not a transaction (another client's command may come between two runs), which is
     * why each call may name keys of different slots. The blocking data source has no pipeline, so this sends the
     * batch through the Vert.x client underneath it and waits at most {@code timeout} (pass
     * {@code quarkus.redis.timeout}). On {@code NOSCRIPT} the whole batch is sent again with {@code EVAL}.
     */
    public List<Response> runPipelined(RedisDataSource redis, List<Call> calls, Duration timeout) {
        if (calls.isEmpty()) {
            return List.of();
        }
        try {
            return batch(redis, Command.EVALSHA, sha1, calls, timeout);
        } catch (RuntimeException e) {
            if (!isNoScriptInBatch(e)) {
                throw e;
            }
            return batch(redis, Command.EVAL, source, calls, timeout);
        }
    }

    private static List<Response> batch(RedisDataSource redis, Command command, String script, List<Call> calls,
            Duration timeout) {
        List<Request> requests = calls.stream().map(call -> {
            Request request = Request.cmd(command).arg(script).arg(call.keys().size());
            call.keys().forEach(request::arg);
            call.args().forEach(request::arg);
            return request;
        }).toList();
        return redis.getReactive().getRedis().batch(requests).await().atMost(timeout);
    }

    /** A failed batch reports every failed command in one message, each as {@code ERR [index] <reply>}. */
    private static boolean isNoScriptInBatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    /** Redis's error reply arrives as the cause of the client's exception. */
    private static boolean isNoScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static String[] arguments(String script, List<String> keys, String[] args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.length);
        all.add(script);
        all.add(Integer.toString(keys.size()));
        all.addAll(keys);
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
