package org.acme.shop.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks Markdown pages against the repository: every relative link leads to a file that exists and every
 * {@code #anchor} to a heading or an explicit anchor there; every name written as inline code that is meant as the
 * project's (a class, {@code Class.method}, a configuration key, its environment form, a file path) exists.
 * <p>
 * What it leaves alone, on purpose: fenced code blocks; words, HTTP paths ({@code /api/...}), Redis commands, numbers;
 * class names of the JDK and of the libraries on the class path; names that are not built like the project's classes
 * ({@link Project#namedLikeAProjectClass}); Quarkus's own keys ({@code quarkus.*} and {@code QUARKUS_*}: which of them
 * exist is Quarkus's business, and whether the project sets one cannot be told from a sentence); paths under
 * {@code target/} and paths outside the repository ({@code ../shared/STYLE.md}); a method or field of a library
 * class.
 */
final class DocsChecker {

    /** HTTP header fields written like a class name (the IETF rate-limit fields). */
    private static final Set<String> NOT_CLASSES = Set.of("RateLimit");

    private static final Set<String> FILE_EXTENSIONS = Set.of("java", "sh", "yml", "yaml", "json", "properties", "acl",
            "sql", "md", "xml", "env", "example", "lua", "gp", "png", "svg", "txt", "cmd", "tcl");
    private static final Pattern SCHEME = Pattern.compile("(?i)^[a-z][a-z0-9+.-]*:.*");
    private static final Pattern LINE_ANCHOR = Pattern.compile("L(\\d+)(?:-L(\\d+))?");
    private static final Pattern CONFIG_KEY = Pattern.compile(
            "(?:%[\\w,-]+\\.)?([a-z][a-z0-9-]*(?:\\.(?:[a-z0-9-]+|\"[^\"]*\"))+)(\\.\\*)?(?:\\s*=.*)?");
    private static final Pattern ENVIRONMENT = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?:=.*)?");
    private static final Pattern BARE_FILE = Pattern.compile("[\\w.{}<>…-]*\\.(\\w+)");
    /** What a path is written with: no quotes, '=', ',' or "://" (a metric's label, a URL). */
    private static final Pattern PATH = Pattern.compile("[\\w.@~*{}<>…/+#:-]+");
    private static final Pattern JAVA_NAME = Pattern.compile(
            "@?([A-Z][A-Za-z0-9_]*)(?:<.*>)?((?:(?:\\.|#|::)[A-Za-z_][A-Za-z0-9_]*)*)(?:\\(.*\\))?");
    private static final Pattern QUALIFIED = Pattern.compile(
            "(org\\.acme\\.shop(?:\\.[a-z][a-z0-9_]*)*(?:\\.[A-Z][A-Za-z0-9_]*)+)(?:(?:#|::|\\.)([a-z][A-Za-z0-9_]*))?(?:\\(.*\\))?");
    private static final Pattern MEMBER_SEPARATOR = Pattern.compile("\\.|#|::");
    private static final Pattern PACKAGE_MEMBER = Pattern.compile(
            "((?:[a-z][a-z0-9_]*/)+[A-Z][A-Za-z0-9_]*)(?:\\.|#|::)([A-Za-z_][A-Za-z0-9_]*)(?:\\(.*)?");
    private static final List<String> SOURCE_ROOTS = List.of("src/main/java/", "src/test/java/");

    private final Project project;
    private final Map<String, MarkdownPage> pages = new HashMap<>();

    DocsChecker(Project project) {
        this.project = project;
    }

    /** Checks {@code pages} (path relative to the repository root -> Markdown); returns every failure as file:line. */
    List<String> check(Map<String, String> texts) {
        texts.forEach((path, text) -> pages.put(path, MarkdownPage.parse(path, text)));
        List<String> failures = new ArrayList<>();
        texts.keySet().stream().sorted().map(pages::get).forEach(page -> {
            page.links().forEach(link -> checkLink(page, link).ifPresent(problem -> failures.add(
                    page.path() + ":" + link.line() + ": link " + link.target() + ": " + problem)));
            page.codeSpans().forEach(span -> checkCode(span.text().strip()).ifPresent(problem -> failures.add(
                    page.path() + ":" + span.line() + ": `" + span.text() + "`: " + problem)));
        });
        return failures;
    }

    // --- links -----------------------------------------------------------------------------------------------------

    private Optional<String> checkLink(MarkdownPage page, MarkdownPage.Link link) {
        String target = link.target().strip();
        if (target.isEmpty()) {
            return Optional.of("empty target");
        }
        if (SCHEME.matcher(target).matches() || target.startsWith("//")) {
            return Optional.empty();                            // http:, https:, mailto: are not checked
        }
        int hash = target.indexOf('#');
        String path = decode(hash < 0 ? target : target.substring(0, hash)).replaceFirst("\\?.*$", "");
        String fragment = hash < 0 ? null : decode(target.substring(hash + 1));
        String resolved;
        if (path.isEmpty()) {
            resolved = page.path();
        } else {
            String base = path.startsWith("/") ? "" : parent(page.path());
            resolved = normalise(base.isEmpty() ? path.replaceFirst("^/+", "") : base + "/" + path);
            if (resolved == null) {
                return Optional.of("leads out of the repository");
            }
        }
        if (resolved.equals("target") || resolved.startsWith("target/")) {
            return Optional.of("leads into target/, build output that the repository does not hold");
        }
        if (!pages.containsKey(resolved) && !project.exists(resolved)) {
            return Optional.of("no such file: " + resolved);
        }
        if (!pages.containsKey(resolved) && project.ignored(resolved)) {
            return Optional.of(resolved + " is git-ignored: a reader of the repository does not have it");
        }
        if (fragment == null) {
            return Optional.empty();
        }
        if (resolved.endsWith(".md")) {
            MarkdownPage linked = page(resolved);
            return linked.anchors().contains(fragment) ? Optional.empty()
                    : Optional.of("no heading or anchor #" + fragment + " in " + resolved);
        }
        if (project.isDirectory(resolved)) {
            return Optional.of("a fragment on a directory leads nowhere");
        }
        Matcher lines = LINE_ANCHOR.matcher(fragment);
        if (lines.matches()) {
            int last = Integer.parseInt(lines.group(lines.group(2) == null ? 1 : 2));
            int count = project.lineCount(resolved);
            return last <= count ? Optional.empty()
                    : Optional.of(resolved + " has " + count + " lines, not " + last);
        }
        return Optional.of("GitHub shows " + resolved + " with line anchors (#L12) only, no #" + fragment);
    }

    private MarkdownPage page(String path) {
        return pages.computeIfAbsent(path, missing -> {
            try {
                return MarkdownPage.parse(missing, Files.readString(project.root().resolve(missing)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** {@code a/./b/../c} -> {@code a/c}; null when it climbs above the root. Trailing '/' dropped. */
    static String normalise(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    // --- inline code -----------------------------------------------------------------------------------------------

    /** The problem with what one code span names, or empty when it names nothing checkable or something that exists. */
    Optional<String> checkCode(String code) {
        if (code.isEmpty()) {
            return Optional.empty();
        }
        Matcher key = CONFIG_KEY.matcher(code);
        if (key.matches() && !isFileName(key.group(1))) {
            return checkConfigurationKey(key.group(1), key.group(2) != null);
        }
        if (ENVIRONMENT.matcher(code).matches()) {
            return checkEnvironmentVariable(code.replaceFirst("=.*$", ""));
        }
        String first = code.split("\\s+")[0];
        if (first.contains("/") && PATH.matcher(first).matches() && !first.startsWith("/")) {
            return checkPath(first);
        }
        if (!code.contains(" ") && BARE_FILE.matcher(code).matches() && isFileName(code)) {
            return checkFileName(code);
        }
        Matcher qualified = QUALIFIED.matcher(code);
        if (qualified.matches()) {
            return checkQualified(qualified.group(1), qualified.group(2));
        }
        Matcher java = JAVA_NAME.matcher(code);
        if (java.matches() && java.group(1).chars().anyMatch(Character::isLowerCase)) {
            return checkJavaName(java.group(1), java.group(2));
        }
        return Optional.empty();
    }

    private static boolean isFileName(String text) {
        int dot = text.lastIndexOf('.');
        return dot >= 0 && FILE_EXTENSIONS.contains(text.substring(dot + 1));
    }

    private Optional<String> checkConfigurationKey(String key, boolean wildcard) {
        String first = key.split("\\.")[0];
        if (first.equals("quarkus") || !project.isProjectConfigurationPrefix(first)) {
            return Optional.empty();                            // Quarkus's own, or not a configuration key
        }
        if (wildcard ? project.hasKeysUnder(key) : project.isConfigurationKey(key)) {
            return Optional.empty();
        }
        return Optional.of("no such configuration key: neither a @ConfigMapping property nor in application.properties");
    }

    private Optional<String> checkEnvironmentVariable(String name) {
        if (name.startsWith("QUARKUS_") || !project.looksLikeProjectEnvironmentVariable(name)) {
            return Optional.empty();
        }
        return project.isKnownEnvironmentVariable(name) ? Optional.empty()
                : Optional.of("the environment form of no configuration key, and used by no script or deployment file");
    }

    private Optional<String> checkPath(String written) {
        String path = withPlaceholdersAsWildcards(written.replaceFirst("#.*$", "").replaceFirst(":[\\d-]*$", ""));
        if (path.startsWith("../") || path.isEmpty() || path.contains(":") || path.contains("//")) {
            return Optional.empty();                            // outside the repository, or not a path
        }
        String normalised = normalise(path);
        if (normalised == null || normalised.isEmpty() || normalised.equals("target")
                || normalised.startsWith("target/")) {
            return Optional.empty();
        }
        String top = normalised.split("/")[0];
        if (project.exists(top)) {
            return existsOrIgnored(normalised) ? Optional.empty() : Optional.of("no such file or directory");
        }
        if (isPackage(top)) {
            // `redis/users.acl` in a page about k8s/ is a file under k8s/, not a class of the package redis
            Optional<String> inPackage = checkInPackage(normalised);
            return inPackage.isPresent() && project.existsUnderSomeDirectory(normalised) ? Optional.empty() : inPackage;
        }
        // Relative to a directory other than the root (`redis/users.acl` in a page about k8s/): it must name a file
        // that is there, under some directory of the repository.
        if (project.existsUnderSomeDirectory(normalised)) {
            return Optional.empty();
        }
        return isFileName(normalised)
                ? Optional.of("no such file, from the repository root or below any of its directories")
                : Optional.empty();
    }

    /** Whether {@code top} is a package of the project ({@code catalog}, {@code common}, {@code testing}…). */
    private boolean isPackage(String top) {
        return SOURCE_ROOTS.stream().anyMatch(root -> project.isDirectory(root + Project.PACKAGE.replace('.', '/') + "/" + top));
    }

    /**
     * {@code catalog/ProductCache}, {@code catalog/ProductCache.java}, {@code catalog/ProductCache.findAll}: a class of
     * the package (main or test), and the member when one is named.
     */
    private Optional<String> checkInPackage(String path) {
        String base = Project.PACKAGE.replace('.', '/') + "/";
        Matcher member = PACKAGE_MEMBER.matcher(path);
        if (member.matches() && !isFileName(path)) {
            String type = member.group(1);
            Optional<Class<?>> found = project.classNamed(Project.PACKAGE + "." + type.replace('/', '.'));
            if (found.isEmpty()) {
                return Optional.of("no such class in the package " + path.split("/")[0]);
            }
            return Project.hasMember(found.get(), member.group(2)) ? Optional.empty()
                    : Optional.of(found.get().getSimpleName() + " has no method or field " + member.group(2));
        }
        String file = path.contains(".") || path.endsWith("*") ? path : path + ".java";
        return SOURCE_ROOTS.stream().anyMatch(root -> existsOrIgnored(root + base + file)) ? Optional.empty()
                : Optional.of("no such class or file in the package " + path.split("/")[0]);
    }

    /**
     * What a page writes as a placeholder in a file name, as a wildcard that must match at least one real file:
     * {@code {feature}}, {@code <date>}, {@code …}, and a lone {@code N} ({@code run-N.json}).
     */
    static String withPlaceholdersAsWildcards(String path) {
        return path.replaceAll("\\{[^}/]*}|<[^>/]*>|…", "*").replaceAll("(?<=^|[-_./])N(?=$|[-_./])", "*");
    }

    /** Whether {@code path} (or, with '*' or '?', some path it matches) exists, or is one the reader creates. */
    private boolean existsOrIgnored(String path) {
        boolean glob = path.contains("*") || path.contains("?");
        return (glob ? project.existsMatching(path) : project.exists(path)) || project.ignored(path);
    }

    private Optional<String> checkFileName(String written) {
        if (written.equals("package-info.java")) {
            return Optional.empty();                            // every package of the project has one
        }
        if (written.endsWith(".java")) {
            String type = written.substring(0, written.length() - ".java".length());
            return project.classes(type).stream().anyMatch(found -> found.getEnclosingClass() == null)
                    ? Optional.empty() : Optional.of("no such class in src/main/java or src/test/java");
        }
        String name = withPlaceholdersAsWildcards(written);
        if (project.hasFileNamed(name) || project.hasFileNamed(name + ".example") || project.ignored(name)
                || project.isWrittenByAScript(written)) {
            return Optional.empty();
        }
        return Optional.of("no file of this name in the repository, and no script of it writes one");
    }

    private Optional<String> checkQualified(String className, String member) {
        Optional<Class<?>> type = project.classNamed(className);
        if (type.isEmpty()) {
            return Optional.of("no such class in src/main/java or src/test/java");
        }
        return member == null || Project.hasMember(type.get(), member) ? Optional.empty()
                : Optional.of(type.get().getSimpleName() + " has no method or field " + member);
    }

    private Optional<String> checkJavaName(String className, String rest) {
        List<Class<?>> candidates = project.classes(className);
        if (candidates.isEmpty()) {
            if (NOT_CLASSES.contains(className) || project.isAlert(className) || project.isLibraryClass(className)
                    || !project.namedLikeAProjectClass(className)) {
                return Optional.empty();
            }
            return Optional.of("no class " + className + " in src/main/java or src/test/java");
        }
        List<String> parts = new ArrayList<>(List.of(MEMBER_SEPARATOR.split(rest)));
        parts.removeIf(String::isEmpty);
        List<Class<?>> current = candidates;
        String path = className;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            List<Class<?>> nested = current.stream().map(type -> Project.nested(type, part))
                    .flatMap(Optional::stream).toList();
            if (!nested.isEmpty()) {
                current = nested;
            } else if (i == parts.size() - 1 && current.stream().anyMatch(type -> Project.hasMember(type, part))) {
                return Optional.empty();
            } else {
                return Optional.of(path + " has no method, field or nested type " + part);
            }
            path = path + "." + part;
        }
        return Optional.empty();
    }
}
