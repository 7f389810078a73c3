package org.acme.shop.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.smallrye.config.ConfigMapping;
import org.acme.shop.catalog.CatalogConfig;
import org.acme.shop.inventory.InventoryConfig;
import org.acme.shop.redis.CacheConfig;
import org.acme.shop.session.SessionConfig;
import org.acme.shop.session.admin.AdminConfig;

/** Reads the deployment files of the project root and what the application knows about its own configuration. */
final class DeploymentFiles {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path K8S = ROOT.resolve("k8s");
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * Quarkus keys the deployment files set that application.properties does not mention, each checked against the
     * Quarkus documentation of its extension.
     */
    /** Keys the app reads (Quarkus itself, or {@code ClientAddress} for the proxy trust) that only deployments set. */
    private static final Set<String> QUARKUS_KEYS_NOT_IN_PROPERTIES = Set.of("quarkus.datasource.password",
            "quarkus.http.proxy.proxy-address-forwarding", "quarkus.http.proxy.allow-x-forwarded",
            "quarkus.http.proxy.trusted-proxies");

    private static final List<Class<?>> CONFIG_MAPPINGS = List.of(CacheConfig.class, CatalogConfig.class,
            InventoryConfig.class, SessionConfig.class, AdminConfig.class);

    private DeploymentFiles() {
    }

    /** Every Kubernetes object of every file the kustomization lists, parsed into fabric8's model. */
    static List<HasMetadata> kubernetesObjects() {
        List<HasMetadata> objects = new ArrayList<>();
        for (String file : kustomizationResources()) {
            try (var parser = YAML.getFactory().createParser(K8S.resolve(file).toFile())) {
                YAML.readValues(parser, KubernetesResource.class)
                        .forEachRemaining(resource -> objects.add((HasMetadata) resource));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot parse k8s/" + file, e);
            }
        }
        return objects;
    }

    /** A key of {@code application.properties} as written there (no profile applied), or null. */
    static String applicationProperty(String key) {
        return applicationProperties().getProperty(key);
    }

    private static Properties applicationProperties() {
        Properties properties = new Properties();
        try (InputStream in = DeploymentFiles.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static List<String> kustomizationResources() {
        List<String> files = new ArrayList<>();
        read(K8S.resolve("kustomization.yaml")).path("resources").forEach(node -> files.add(node.asText()));
        return files;
    }

    /**
     * The Secrets the kustomization generates, by name, each with the keys of its env files' checked-in
     * {@code .example} (the real env files are the user's and git-ignored).
     */
    static Map<String, Set<String>> generatedSecrets() {
        Map<String, Set<String>> secrets = new TreeMap<>();
        read(K8S.resolve("kustomization.yaml")).path("secretGenerator").forEach(generator -> {
            Set<String> keys = new TreeSet<>();
            generator.path("envs").forEach(env -> text(K8S.resolve(env.asText() + ".example")).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .forEach(line -> keys.add(line.substring(0, line.indexOf('=')))));
            secrets.put(generator.path("name").asText(), keys);
        });
        return secrets;
    }

    /**
     * The ConfigMaps the kustomization generates from files, by name, each as its data: file name to content (the
     * name kustomize gives the key).
     */
    static Map<String, Map<String, String>> generatedConfigMaps() {
        Map<String, Map<String, String>> configMaps = new TreeMap<>();
        read(K8S.resolve("kustomization.yaml")).path("configMapGenerator").forEach(generator -> {
            Map<String, String> data = new TreeMap<>();
            generator.path("files").forEach(file -> data.put(Path.of(file.asText()).getFileName().toString(),
                    text(K8S.resolve(file.asText()))));
            configMaps.put(generator.path("name").asText(), data);
        });
        return configMaps;
    }

    /** The env files the kustomization's secretGenerator reads (relative to k8s/). */
    static List<String> secretEnvFiles() {
        List<String> files = new ArrayList<>();
        read(K8S.resolve("kustomization.yaml")).path("secretGenerator")
                .forEach(generator -> generator.path("envs").forEach(env -> files.add(env.asText())));
        return files;
    }

    static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The configuration keys the application reads, in environment-variable form (SmallRye Config's rule: every
     * character that is not a letter or digit becomes '_', then upper case): the keys of application.properties in
     * any profile, every property of the typed @ConfigMapping interfaces, and the vetted Quarkus keys above.
     */
    static Set<String> knownEnvironmentVariables() {
        Set<String> keys = new TreeSet<>(QUARKUS_KEYS_NOT_IN_PROPERTIES);
        applicationProperties().stringPropertyNames().forEach(key -> keys.add(key.replaceFirst("^%[^.]+\\.", "")));
        for (Class<?> mapping : CONFIG_MAPPINGS) {
            collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, keys);
        }
        return keys.stream().map(DeploymentFiles::toEnv).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void collect(String prefix, Class<?> group, Set<String> keys) {
        for (Method method : group.getDeclaredMethods()) {
            String name = prefix + "." + kebab(method.getName());
            if (method.getReturnType().isInterface() && method.getReturnType().getEnclosingClass() != null) {
                collect(name, method.getReturnType(), keys);
            } else {
                keys.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * The users of {@code k8s/redis/users.acl}, by name, each as its rules on one line: what {@code start-redis.sh}
     * renders (comments out, indented lines joined to the {@code user} line above), before the passwords' hashes go in.
     */
    static Map<String, String> redisUsers() {
        Map<String, String> users = new LinkedHashMap<>();
        String current = null;
        for (String line : text(K8S.resolve("redis/users.acl")).lines().toList()) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                users.merge(current, stripped, (rules, more) -> rules + " " + more);
            } else {
                String[] user = stripped.split(" ", 3);
                current = user[1];
                users.put(current, user.length > 2 ? user[2] : "");
            }
        }
        return users;
    }

    static String toEnv(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
