package org.acme.shop.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.Test;

/**
 * Each Redis role has its own circuit only if every class guards its commands with the guard of the client it sends
 * them on: {@code @RedisClientName("sessions") RedisGuard} beside {@code @RedisClientName("sessions")
 * RedisDataSource}, the plain {@code RedisGuard} beside the cache's clients. A class that took the other role's
 * guard would still work, and open or close the wrong circuit; this reads every class of {@code src/main} to say so.
 */
class RedisGuardRolesTest {

    private static final Set<Class<?>> CLIENTS = Set.of(RedisDataSource.class, ReactiveRedisDataSource.class,
            Redis.class, io.vertx.redis.client.Redis.class);

    @Test
    void everyClassTakesTheGuardOfTheRolesItSendsCommandsTo() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Class<?> type : mainClasses()) {
            Set<String> clientRoles = new TreeSet<>();
            Set<String> guardRoles = new TreeSet<>();
            for (AnnotatedElement injected : injectionPoints(type)) {
                Class<?> injectedType = injected instanceof Parameter p ? p.getType() : ((Field) injected).getType();
                if (CLIENTS.contains(injectedType)) {
                    clientRoles.add(role(injected));
                } else if (injectedType == RedisGuard.class) {
                    guardRoles.add(role(injected));
                }
            }
            if (!guardRoles.isEmpty() && !clientRoles.isEmpty()) {
                assertThat(guardRoles).as("the guards %s takes", type.getName()).isEqualTo(clientRoles);
                checked.add(type.getSimpleName());
            }
        }
        assertThat(checked).as("classes that take a client and a guard").contains("ProductCache", "SessionStore",
                "RateLimiter", "FlashSaleGate", "RedisHealth");
    }

    /** {@code state} for the sessions client, {@code cache} for the default one and the near cache's. */
    private static String role(AnnotatedElement injected) {
        RedisClientName name = injected.getAnnotation(RedisClientName.class);
        return name != null && name.value().equals("sessions") ? "state" : "cache";
    }

    private static List<AnnotatedElement> injectionPoints(Class<?> type) {
        List<AnnotatedElement> points = new ArrayList<>();
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            points.addAll(List.of(constructor.getParameters()));
        }
        for (Field field : type.getDeclaredFields()) {
            if (field.isAnnotationPresent(Inject.class)) {
                points.add(field);
            }
        }
        return points;
    }

    private static List<Class<?>> mainClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(RedisGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("org/acme/shop"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, RedisGuard.class.getClassLoader()));
            }
        }
        return classes;
    }
}
