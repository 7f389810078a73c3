package org.acme.shop.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The patterns of a {@code .gitignore} or a {@code .dockerignore}, matched as git and Docker match them, so that a test
 * can tell which files never reach a commit or an image build without running either program: a source tree from an
 * archive has no {@code .git}, and a machine may have no git.
 * <p>
 * Both formats: {@code #} comments, {@code !} re-includes, {@code *} and {@code ?} within one path segment,
 * {@code [a-z]} classes, {@code **} for any number of directories, a backslash quoting the next character, the last
 * matching line deciding. Where they differ:
 * <ul>
 * <li>git: a pattern without a slash (other than a trailing one) matches a name at any depth; a trailing slash
 * matches directories only; nothing inside an ignored directory can be re-included (git does not look inside it);
 * only the root's {@code .gitignore} is read here;</li>
 * <li>Docker: every pattern is relative to the root, a trailing slash changes nothing, and a pattern that matches a
 * directory matches everything in it, so a later {@code !} can re-include a file inside it.</li>
 * </ul>
 */
final class IgnoreFile {

    private enum Syntax { GIT, DOCKER }

    private record Rule(Pattern pattern, boolean reinclude, boolean directoriesOnly) {
    }

    private final Syntax syntax;
    private final Path root;
    private final List<Rule> rules;

    private IgnoreFile(Syntax syntax, Path root, List<Rule> rules) {
        this.syntax = syntax;
        this.root = root;
        this.rules = rules;
    }

    /** The {@code .gitignore} at the root of a tree. */
    static IgnoreFile gitignore(Path root) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines(root.resolve(".gitignore"))) {
            String line = trimUnescapedTrailingSpaces(raw);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean reinclude = line.startsWith("!");
            if (reinclude) {
                line = line.substring(1);
            }
            boolean directoriesOnly = line.endsWith("/");
            if (directoriesOnly) {
                line = line.substring(0, line.length() - 1);
            }
            // A slash at the start or in the middle ties the pattern to the root; without one it matches any name.
            boolean anchored = line.contains("/");
            if (line.startsWith("/")) {
                line = line.substring(1);
            }
            String regex = (anchored ? "" : "(?:.*/)?") + glob(line, Syntax.GIT);
            rules.add(new Rule(Pattern.compile(regex), reinclude, directoriesOnly));
        }
        return new IgnoreFile(Syntax.GIT, root, rules);
    }

    /** The {@code .dockerignore} at the root of a build context. */
    static IgnoreFile dockerignore(Path root) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines(root.resolve(".dockerignore"))) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean reinclude = line.startsWith("!");
            if (reinclude) {
                line = line.substring(1).strip();
            }
            // Docker cleans each pattern as a path: no leading or trailing slash, no empty or "." segments.
            line = Path.of("/", line).normalize().toString().substring(1);
            if (line.isEmpty()) {
                continue;
            }
            rules.add(new Rule(Pattern.compile(glob(line, Syntax.DOCKER)), reinclude, false));
        }
        return new IgnoreFile(Syntax.DOCKER, root, rules);
    }

    /**
     * Whether the file or directory at {@code path} (relative to the root, with {@code /} between names) is ignored.
     * It need not exist: a path is a directory here only if one exists there.
     */
    boolean ignores(String path) {
        if (syntax == Syntax.GIT) {
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                if (decide(path.substring(0, slash), true)) {
                    return true;                 // git never looks inside an ignored directory
                }
            }
        }
        return decide(path, Files.isDirectory(root.resolve(path)));
    }

    /** The verdict of the last rule that matches; for Docker a rule also matches when it matches a parent. */
    private boolean decide(String path, boolean directory) {
        boolean ignored = false;
        for (Rule rule : rules) {
            if (rule.directoriesOnly() && !directory) {
                continue;
            }
            if (rule.pattern().matcher(path).matches() || syntax == Syntax.DOCKER && matchesAParent(rule, path)) {
                ignored = !rule.reinclude();
            }
        }
        return ignored;
    }

    private static boolean matchesAParent(Rule rule, String path) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (rule.pattern().matcher(path.substring(0, slash)).matches()) {
                return true;
            }
        }
        return false;
    }

    /** A glob as a regular expression over a path with {@code /} separators. */
    private static String glob(String glob, Syntax syntax) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*' && isDoubleStar(glob, i, syntax)) {
                int after = i + 2;
                if (after == glob.length()) {
                    regex.append(".*");                       // "dir/**": everything inside; "**": everything
                } else if (glob.charAt(after) == '/') {
                    regex.append("(?:.*/)?");                 // "**/": any number of directories, none included
                    after++;
                } else {
                    regex.append(".*");                       // Docker only: "**" inside a name
                }
                i = after;
            } else if (c == '*') {
                regex.append("[^/]*");
                while (i < glob.length() && glob.charAt(i) == '*') {
                    i++;
                }
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else if (c == '[') {
                i = characterClass(glob, i, regex);
            } else if (c == '\\' && i + 1 < glob.length()) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                i += 2;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return regex.toString();
    }

    /**
     * git gives {@code **} its meaning only as a whole path segment; elsewhere it is a plain {@code *}. Docker gives it
     * that meaning everywhere.
     */
    private static boolean isDoubleStar(String glob, int at, Syntax syntax) {
        if (syntax == Syntax.DOCKER) {
            return true;
        }
        boolean startsSegment = at == 0 || glob.charAt(at - 1) == '/';
        boolean endsSegment = at + 2 == glob.length() || glob.charAt(at + 2) == '/';
        return startsSegment && endsSegment;
    }

    /**
     * {@code [...]} from {@code at}: one character of a set, never {@code /}; {@code !} or {@code ^} first negates
     * the set, a {@code ]} first belongs to it. Returns where the glob goes on.
     */
    private static int characterClass(String glob, int at, StringBuilder regex) {
        int i = at + 1;
        boolean negated = i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^');
        if (negated) {
            i++;
        }
        StringBuilder set = new StringBuilder();
        for (boolean first = true; i < glob.length() && (glob.charAt(i) != ']' || first); first = false, i++) {
            char c = glob.charAt(i);
            if (c == '-' && !first && i + 1 < glob.length() && glob.charAt(i + 1) != ']') {
                set.append('-');
            } else if (Character.isLetterOrDigit(c)) {
                set.append(c);
            } else if (c != '/') {
                set.append('\\').append(c);
            }
        }
        if (i == glob.length()) {                             // no closing bracket: a literal "["
            regex.append(Pattern.quote("["));
            return at + 1;
        }
        if (negated) {
            regex.append("[^/").append(set).append(']');
        } else {
            regex.append(set.isEmpty() ? "(?!)" : "[" + set + "]");
        }
        return i + 1;
    }

    private static String trimUnescapedTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && (end < 2 || line.charAt(end - 2) != '\\')) {
            end--;
        }
        return line.substring(0, end);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
