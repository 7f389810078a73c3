package org.acme.shop.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.MalformedInputException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * What the docs may name, read from the repository and the compiled classes: the project's files, its classes and
 * their members (by reflection on what {@code src/main/java} and {@code src/test/java} compiled to), its configuration
 * keys (every property of every {@code @ConfigMapping} interface, and {@code application.properties}), and the class
 * names of the JDK and of every library on the test class path, which the docs may name without the checker
 * mistaking them for a missing class of the project.
 */
final class Project {

    static final String PACKAGE = "org.acme.shop";
    private static final String CHECKER_SOURCES = "src/test/java/org/acme/shop/docs/";
    private static final List<String> SOURCE_ROOTS = List.of("src/main/java", "src/test/java");
    private static final Set<String> NOT_IN_REPOSITORY = Set.of(".git", "target", "node_modules");
    private static final Pattern HUMP = Pattern.compile("[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"([a-z][a-z0-9_-]*(?:\\.[a-z0-9_-]+)+)\"");
    private static final Pattern UPPER_WORD = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b");
    private static final Pattern ALERT = Pattern.compile("alert:\\s*([A-Za-z0-9_]+)");

    private final Path root;
    private final Set<String> files = new HashSet<>();
    private final Set<String> directories = new HashSet<>();
    private final Set<String> fileNames = new HashSet<>();
    private final List<IgnoreRule> ignoreRules;
    private final Map<String, List<Class<?>>> classes = new HashMap<>();
    private final Set<String> firstHumps = new HashSet<>();
    private final Set<String> lastHumps = new HashSet<>();
    private final Set<String> configKeys = new HashSet<>();
    private final Set<String> configGroups = new HashSet<>();
    private final Set<String> configMaps = new HashSet<>();
    private final Set<String> configFirstSegments = new HashSet<>();
    private final Set<String> environmentNames = new HashSet<>();
    private final Set<String> environmentPrefixes = new HashSet<>();
    private final Set<String> sourceLiterals = new HashSet<>();
    private final Set<String> upperWordsOutsideDocs = new HashSet<>();
    private final Set<String> alerts = new HashSet<>();
    private final List<String> nonMarkdownTexts = new ArrayList<>();
    private Set<String> libraryClassNames;

    private Project(Path root) {
        this.root = root;
        this.ignoreRules = IgnoreRule.read(root.resolve(".gitignore"));
        indexFiles();
        indexClasses();
        indexConfiguration();
        indexOtherFiles();
    }

    /** The repository the tests run in (Maven runs them in the project's directory). */
    static Project current() {
        return new Project(Path.of("").toAbsolutePath());
    }

    Path root() {
        return root;
    }

    // --- files ---------------------------------------------------------------------------------------------------

    private void indexFiles() {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(path -> !path.equals(root)).forEach(path -> {
                String relative = relative(path);
                if (NOT_IN_REPOSITORY.contains(relative.split("/")[0]) || relative.contains("/node_modules/")) {
                    return;
                }
                if (Files.isDirectory(path)) {
                    directories.add(relative);
                } else {
                    files.add(relative);
                    fileNames.add(path.getFileName().toString());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    /** Every Markdown file of the repository (not build output, not git-ignored), relative to the root. */
    List<String> markdownFiles() {
        return files.stream().filter(file -> file.endsWith(".md") && !ignored(file)).sorted().toList();
    }

    /** Whether {@code path} (relative, '/'-separated, normalised) is a file or directory of the repository. */
    boolean exists(String path) {
        return files.contains(path) || directories.contains(path) || path.isEmpty();
    }

    boolean isDirectory(String path) {
        return directories.contains(path) || path.isEmpty();
    }

    /** Whether {@code pattern} (a path with '*' or '?') matches at least one file or directory. */
    boolean existsMatching(String pattern) {
        var matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        return Stream.concat(files.stream(), directories.stream()).anyMatch(path -> matcher.matches(Path.of(path)));
    }

    /** Whether a file of this name (with '*' as a wildcard) exists anywhere in the repository. */
    boolean hasFileNamed(String name) {
        if (!name.contains("*")) {
            return fileNames.contains(name);
        }
        var matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
        return fileNames.stream().anyMatch(file -> matcher.matches(Path.of(file)));
    }

    /** Whether {@code path} (with '*' as a wildcard) is a file or directory below some directory of the repository. */
    boolean existsUnderSomeDirectory(String path) {
        var matcher = FileSystems.getDefault().getPathMatcher("glob:**/" + path);
        return Stream.concat(files.stream(), directories.stream()).anyMatch(each -> matcher.matches(Path.of(each)));
    }

    /** Whether a script or other file of the repository (not a Markdown page) writes this file name. */
    boolean isWrittenByAScript(String name) {
        return nonMarkdownTexts.stream().anyMatch(text -> text.contains(name));
    }

    /** Whether {@code path} is git-ignored (a file the reader creates, or build output): the root .gitignore's rules. */
    boolean ignored(String path) {
        boolean ignored = false;
        String candidate = path;
        List<String> candidates = new ArrayList<>();
        while (!candidate.isEmpty()) {
            candidates.add(0, candidate);
            int slash = candidate.lastIndexOf('/');
            candidate = slash < 0 ? "" : candidate.substring(0, slash);
        }
        for (String each : candidates) {
            boolean isLast = each.equals(path);
            for (IgnoreRule rule : ignoreRules) {
                if (rule.matches(each, !isLast || isDirectory(each))) {
                    ignored = !rule.negated();
                }
            }
            if (ignored) {
                return true;                            // git does not look inside an ignored directory
            }
        }
        return false;
    }

    int lineCount(String path) {
        try {
            return (int) Files.readString(root.resolve(path)).lines().count();
        } catch (IOException e) {
            return 0;
        }
    }

    // --- classes ---------------------------------------------------------------------------------------------------

    private void indexClasses() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String sourceRoot : SOURCE_ROOTS) {
            files.stream().filter(file -> file.startsWith(sourceRoot + "/") && file.endsWith(".java"))
                    .filter(file -> !file.endsWith("package-info.java") && !file.endsWith("module-info.java"))
                    .forEach(file -> {
                        String name = file.substring(sourceRoot.length() + 1, file.length() - ".java".length())
                                .replace('/', '.');
                        Class<?> type;
                        try {
                            type = Class.forName(name, false, loader);
                        } catch (ClassNotFoundException | LinkageError e) {
                            throw new IllegalStateException("Not compiled, or not on the test class path: " + name, e);
                        }
                        List<String> humps = humps(type.getSimpleName());
                        firstHumps.add(humps.get(0));
                        lastHumps.add(humps.get(humps.size() - 1));
                        index(type);
                    });
        }
    }

    private void index(Class<?> type) {
        classes.computeIfAbsent(type.getSimpleName(), name -> new ArrayList<>()).add(type);
        for (Class<?> nested : type.getDeclaredClasses()) {
            index(nested);
        }
    }

    /** The project's classes (top-level or nested, main or test) of this simple name; empty when there is none. */
    List<Class<?>> classes(String simpleName) {
        return classes.getOrDefault(simpleName, List.of());
    }

    /** The project's class of this fully qualified name ({@code org.acme.shop.catalog.cache.ProductCache}), if any. */
    Optional<Class<?>> classNamed(String qualifiedName) {
        return classes.values().stream().flatMap(List::stream)
                .filter(type -> type.getName().replace('$', '.').equals(qualifiedName)).findFirst();
    }

    /** A nested class of {@code type} (or of a supertype) named {@code name}. */
    static Optional<Class<?>> nested(Class<?> type, String name) {
        for (Class<?> each : withSupertypes(type)) {
            for (Class<?> nested : each.getDeclaredClasses()) {
                if (nested.getSimpleName().equals(name)) {
                    return Optional.of(nested);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code type} (or a supertype) declares a method, field, record component or enum constant {@code name}. */
    static boolean hasMember(Class<?> type, String name) {
        for (Class<?> each : withSupertypes(type)) {
            for (Method method : each.getDeclaredMethods()) {
                if (method.getName().equals(name)) {
                    return true;
                }
            }
            if (Stream.of(each.getDeclaredFields()).anyMatch(field -> field.getName().equals(name))) {
                return true;
            }
            RecordComponent[] components = each.getRecordComponents();
            if (components != null && Stream.of(components).anyMatch(component -> component.getName().equals(name))) {
                return true;
            }
        }
        return false;
    }

    private static List<Class<?>> withSupertypes(Class<?> type) {
        List<Class<?>> all = new ArrayList<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> next = todo.poll();
            if (all.contains(next)) {
                continue;
            }
            all.add(next);
            if (next.getSuperclass() != null) {
                todo.add(next.getSuperclass());
            }
            todo.addAll(List.of(next.getInterfaces()));
        }
        return all;
    }

    /**
     * Whether {@code name} is built the way this project names its classes, so that a missing one is a mistake and not
     * a word: two or more CamelCase humps, and its first hump begins, or its last hump ends, the name of a class of the
     * project ({@code Redis…}, {@code Product…}, {@code …Cache}, {@code …Test}).
     */
    boolean namedLikeAProjectClass(String name) {
        List<String> humps = humps(name);
        return humps.size() >= 2 && Character.isUpperCase(name.charAt(0))
                && (firstHumps.contains(humps.get(0)) || lastHumps.contains(humps.get(humps.size() - 1)));
    }

    static List<String> humps(String name) {
        List<String> humps = new ArrayList<>();
        Matcher matcher = HUMP.matcher(name);
        while (matcher.find()) {
            humps.add(matcher.group());
        }
        return humps;
    }

    /** Whether the JDK or a library on the test class path has a class of this simple name. */
    boolean isLibraryClass(String simpleName) {
        if (libraryClassNames == null) {
            libraryClassNames = LibraryClasses.simpleNames();
        }
        return libraryClassNames.contains(simpleName);
    }

    /** Whether {@code name} is the name of a Prometheus alert in k8s/ (the docs name alerts like classes). */
    boolean isAlert(String name) {
        return alerts.contains(name);
    }

    // --- configuration ---------------------------------------------------------------------------------------------

    private void indexConfiguration() {
        classes.values().stream().flatMap(List::stream)
                .filter(type -> type.isInterface() && type.isAnnotationPresent(ConfigMapping.class))
                .forEach(type -> {
                    String prefix = type.getAnnotation(ConfigMapping.class).prefix();
                    configFirstSegments.add(prefix.split("\\.")[0]);
                    collect(prefix, type);
                });
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : properties.stringPropertyNames()) {
            String unprofiled = key.replaceFirst("^%[^.]+\\.", "");
            configKeys.add(unprofiled);
            if (!unprofiled.startsWith("quarkus.")) {
                configFirstSegments.add(unprofiled.split("\\.")[0]);
            }
        }
        for (String key : configKeys) {
            environmentNames.add(environmentName(key));
        }
        for (String first : configFirstSegments) {
            environmentPrefixes.add(environmentName(first) + "_");
        }
    }

    /** SmallRye Config's rule: every character that is not a letter or a digit becomes '_', then upper case. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private void collect(String prefix, Class<?> group) {
        configGroups.add(prefix);
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            String name = method.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + (method.isAnnotationPresent(WithName.class)
                            ? method.getAnnotation(WithName.class).value() : kebab(method.getName()));
            Class<?> raw = method.getReturnType();
            Type generic = method.getGenericReturnType();
            if (raw == Optional.class && isGroup(typeArgument(generic, 0))) {
                collect(name, (Class<?>) typeArgument(generic, 0));
            } else if (Map.class.isAssignableFrom(raw)) {
                configMaps.add(name);
            } else if (isGroup(raw)) {
                collect(name, raw);
            } else {
                configKeys.add(name);
            }
        }
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType parameterized ? parameterized.getActualTypeArguments()[index] : null;
    }

    private static boolean isGroup(Type type) {
        return type instanceof Class<?> group && group.isInterface() && group.getName().startsWith(PACKAGE + ".");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Whether the first segment of {@code key} is one the project's configuration uses ({@code catalog}, …). */
    boolean isProjectConfigurationPrefix(String firstSegment) {
        return configFirstSegments.contains(firstSegment);
    }

    /**
     * Whether {@code key} is a property of a {@code @ConfigMapping}, a group of them ({@code catalog.cache.near}), a
     * key of application.properties, or a name the code itself writes as a string ({@code cache.redis.errors}, a
     * metric's name).
     */
    boolean isConfigurationKey(String key) {
        return configKeys.contains(key) || configGroups.contains(key) || sourceLiterals.contains(key)
                || configMaps.stream().anyMatch(map -> key.startsWith(map + "."));
    }

    /** Whether some known key lies under {@code group} ({@code cache.outbox} for {@code cache.outbox.*}). */
    boolean hasKeysUnder(String group) {
        return configGroups.contains(group) || configKeys.stream().anyMatch(key -> key.startsWith(group + "."));
    }

    /** Whether {@code name} starts like the environment form of the project's own configuration keys. */
    boolean looksLikeProjectEnvironmentVariable(String name) {
        return environmentPrefixes.stream().anyMatch(name::startsWith);
    }

    /**
     * Whether {@code name} is the environment form of a known key, or is used by a script, a deployment file or a test
     * of the repository ({@code CATALOG_TEST_DB} of bin/local-services).
     */
    boolean isKnownEnvironmentVariable(String name) {
        return environmentNames.contains(name) || upperWordsOutsideDocs.contains(name);
    }

    // --- everything else -------------------------------------------------------------------------------------------

    private void indexOtherFiles() {
        for (String file : files) {
            if (file.endsWith(".md") || file.startsWith(CHECKER_SOURCES) || ignored(file)) {
                continue;                               // the checker's own tests write wrong names on purpose
            }
            String text;
            try {
                text = Files.readString(root.resolve(file));
            } catch (MalformedInputException binary) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (file.startsWith("src/main/java/")) {
                STRING_LITERAL.matcher(text).results().forEach(match -> sourceLiterals.add(match.group(1)));
            }
            UPPER_WORD.matcher(text).results().forEach(match -> upperWordsOutsideDocs.add(match.group()));
            if (!file.startsWith("src/main/java/") && !file.startsWith("src/test/java/")) {
                nonMarkdownTexts.add(text);                     // scripts, deployment files, results
            }
            if (file.startsWith("k8s/")) {
                ALERT.matcher(text).results().forEach(match -> alerts.add(match.group(1)));
            }
        }
    }

    /** One line of .gitignore, as a matcher of repository paths. */
    private record IgnoreRule(Pattern pattern, boolean negated, boolean directoryOnly, boolean anchored) {

        static List<IgnoreRule> read(Path gitignore) {
            List<IgnoreRule> rules = new ArrayList<>();
            if (!Files.exists(gitignore)) {
                return rules;
            }
            try {
                for (String line : Files.readAllLines(gitignore)) {
                    String rule = line.strip();
                    if (rule.isEmpty() || rule.startsWith("#")) {
                        continue;
                    }
                    boolean negated = rule.startsWith("!");
                    rule = negated ? rule.substring(1) : rule;
                    boolean directoryOnly = rule.endsWith("/");
                    rule = directoryOnly ? rule.substring(0, rule.length() - 1) : rule;
                    boolean anchored = rule.contains("/");
                    rule = rule.startsWith("/") ? rule.substring(1) : rule;
                    rules.add(new IgnoreRule(Pattern.compile(globToRegex(rule)), negated, directoryOnly, anchored));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return rules;
        }

        private static String globToRegex(String glob) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                } else if (c == '*') {
                    regex.append("[^/]*");
                } else if (c == '?') {
                    regex.append("[^/]");
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return regex.toString();
        }

        boolean matches(String path, boolean isDirectory) {
            if (directoryOnly && !isDirectory) {
                return false;
            }
            if (anchored) {
                return pattern.matcher(path).matches();
            }
            return pattern.matcher(path.substring(path.lastIndexOf('/') + 1)).matches();
        }
    }

    /** The simple names of the classes of the JDK and of every jar on the class path (read once, a second or two). */
    private static final class LibraryClasses {

        static Set<String> simpleNames() {
            Set<String> names = new HashSet<>();
            try (Stream<Path> jdk = Files.walk(FileSystems.getFileSystem(URI.create("jrt:/")).getPath("/modules"))) {
                jdk.forEach(path -> add(String.valueOf(path.getFileName()), names));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Deque<Path> jars = new ArrayDeque<>();
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                jars.add(Path.of(entry));
            }
            Set<Path> seen = new HashSet<>();
            while (!jars.isEmpty()) {
                Path jar = jars.poll().toAbsolutePath().normalize();
                if (!seen.add(jar) || !Files.isRegularFile(jar)) {
                    continue;                                   // a directory: the project's own classes
                }
                try (JarFile file = new JarFile(jar.toFile())) {
                    file.stream().forEach(entry -> add(entry.getName(), names));
                    Manifest manifest = file.getManifest();
                    String classPath = manifest == null ? null
                            : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                    if (classPath != null) {                    // Surefire's manifest-only jar names the real ones
                        for (String reference : classPath.trim().split("\\s+")) {
                            URI uri = jar.getParent().toUri().resolve(reference);
                            if ("file".equals(uri.getScheme())) {
                                jars.add(Path.of(uri));
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + jar, e);
                }
            }
            return names;
        }

        private static void add(String entry, Set<String> names) {
            if (!entry.endsWith(".class")) {
                return;
            }
            String simple = entry.substring(entry.lastIndexOf('/') + 1, entry.length() - ".class".length());
            for (String part : simple.split("\\$")) {
                if (!part.isEmpty() && Character.isJavaIdentifierStart(part.charAt(0))) {
                    names.add(part);
                }
            }
        }
    }
}
