package org.acme.shop.docs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the docs checker reads in one Markdown page: its links, the anchors it offers (headings by GitHub's slug rules,
 * and explicit {@code <a id>} / {@code <a name>}), and its inline code spans. Fenced code blocks and HTML comments are
 * left out of all three, as GitHub renders no link, heading or code span inside them.
 * <p>
 * Not a full CommonMark parser: it knows the constructs these pages use (ATX and setext headings, fences of backticks
 * or tildes at any indentation, code spans of any backtick count, possibly over several lines of one paragraph,
 * inline links and images, reference definitions, {@code href}/{@code src} in HTML).
 */
final class MarkdownPage {

    /** A link target and the line (1-based) it is written on. */
    record Link(String target, int line) {
    }

    /** The text of an inline code span, as GitHub shows it, and the line (1-based) where it starts. */
    record CodeSpan(String text, int line) {
    }

    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})(.*)$");
    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    private static final Pattern NOT_A_PARAGRAPH = Pattern.compile(
            "^\\s*([-*+]\\s|\\d+[.)]\\s|>|#|\\||<|`{3}|~{3})|^\\s*$|^ {4}");
    private static final Pattern INLINE_LINK = Pattern.compile(
            "!?\\[[^\\]\\n]*]\\(\\s*(<[^>\\n]*>|[^)\\s]+)(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[(?!\\^)[^\\]]+]:\\s*(<[^>\\n]*>|\\S+)");
    private static final Pattern HTML_TARGET = Pattern.compile("(?i)<(?:a|img)\\s[^>]*?\\b(?:href|src)\\s*=\\s*[\"']([^\"']+)[\"']");
    private static final Pattern HTML_ANCHOR = Pattern.compile("(?i)<a\\s[^>]*?\\b(?:id|name)\\s*=\\s*[\"']([^\"']+)[\"']");

    private final String path;
    private int[] lineStarts = new int[0];
    private final List<Link> links = new ArrayList<>();
    private final List<CodeSpan> codeSpans = new ArrayList<>();
    private final Set<String> anchors = new LinkedHashSet<>();

    private MarkdownPage(String path) {
        this.path = path;
    }

    /** Reads {@code text}, the page at {@code path} (relative to the repository root, with '/'). */
    static MarkdownPage parse(String path, String text) {
        MarkdownPage page = new MarkdownPage(path);
        String prose = withoutCommentsAndFences(text);
        page.lineStarts = lineStarts(prose);
        StringBuilder withoutCode = new StringBuilder(prose);
        page.readCodeSpans(prose, withoutCode);
        String plain = withoutCode.toString();
        page.readHeadings(prose);
        page.readLinks(plain);
        Matcher anchor = HTML_ANCHOR.matcher(plain);
        while (anchor.find()) {
            page.anchors.add(anchor.group(1));
        }
        return page;
    }

    String path() {
        return path;
    }

    List<Link> links() {
        return links;
    }

    List<CodeSpan> codeSpans() {
        return codeSpans;
    }

    /** The fragments a link may name on this page: {@code #anchor} without the '#'. */
    Set<String> anchors() {
        return anchors;
    }

    /**
     * The page with every fenced block's lines and every HTML comment replaced by blanks, line breaks kept, so that
     * offsets still give the right line numbers.
     */
    static String withoutCommentsAndFences(String text) {
        StringBuilder out = new StringBuilder(text.length());
        String[] lines = text.split("\n", -1);
        String fence = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher opening = FENCE.matcher(line);
            if (fence == null && opening.matches() && !(opening.group(1).startsWith("`") && opening.group(2).contains("`"))) {
                fence = opening.group(1);
                out.append(blank(line));
            } else if (fence != null) {
                String trimmed = line.strip();
                char mark = fence.charAt(0);
                if (trimmed.length() >= fence.length() && trimmed.chars().allMatch(c -> c == mark)) {
                    fence = null;
                }
                out.append(blank(line));
            } else {
                out.append(line);
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        StringBuilder noComments = new StringBuilder(out);
        int from = 0;
        while ((from = noComments.indexOf("<!--", from)) >= 0) {
            int end = noComments.indexOf("-->", from + 4);
            int stop = end < 0 ? noComments.length() : end + 3;
            for (int i = from; i < stop; i++) {
                if (noComments.charAt(i) != '\n') {
                    noComments.setCharAt(i, ' ');
                }
            }
            from = stop;
        }
        return noComments.toString();
    }

    private static String blank(String line) {
        return " ".repeat(line.length());
    }

    /**
     * Code spans by CommonMark's rule: a run of n backticks opens one, the next run of exactly n closes it; no span
     * crosses a blank line; a backslash before a backtick outside a span makes it literal. Each span is blanked in
     * {@code withoutCode}, where links are looked for afterwards.
     */
    private void readCodeSpans(String text, StringBuilder withoutCode) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '`') {
                i += 2;
                continue;
            }
            if (c != '`') {
                i++;
                continue;
            }
            int run = runOfBackticks(text, i);
            int close = closingRun(text, i + run, run);
            if (close < 0) {
                i += run;
                continue;
            }
            String content = text.substring(i + run, close).replace('\n', ' ');
            if (content.length() >= 2 && content.startsWith(" ") && content.endsWith(" ") && !content.isBlank()) {
                content = content.substring(1, content.length() - 1);
            }
            codeSpans.add(new CodeSpan(content, lineOf(i)));
            for (int k = i; k < close + run; k++) {
                if (withoutCode.charAt(k) != '\n') {
                    withoutCode.setCharAt(k, ' ');
                }
            }
            i = close + run;
        }
    }

    private static int runOfBackticks(String text, int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) == '`') {
            end++;
        }
        return end - from;
    }

    /** Start of the next run of exactly {@code run} backticks before a blank line, or -1. */
    private static int closingRun(String text, int from, int run) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' && text.substring(i + 1, nextLineEnd(text, i + 1)).isBlank()) {
                return -1;
            }
            if (c == '`') {
                int length = runOfBackticks(text, i);
                if (length == run) {
                    return i;
                }
                i += length;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static int nextLineEnd(String text, int from) {
        int end = text.indexOf('\n', from);
        return end < 0 ? text.length() : end;
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The 1-based line of {@code offset}; every text this page searches has the same line breaks as the page. */
    private int lineOf(int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        return index >= 0 ? index + 1 : -index - 1;
    }

    private void readHeadings(String prose) {
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = prose.split("\n", -1);
        int paragraphStart = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher atx = ATX.matcher(line);
            if (atx.matches()) {
                anchors.add(slug(atx.group(2) == null ? "" : atx.group(2), seen));
                paragraphStart = -1;
                continue;
            }
            Matcher setext = SETEXT.matcher(line);
            if (setext.matches() && paragraphStart >= 0) {
                StringBuilder heading = new StringBuilder();
                for (int k = paragraphStart; k < i; k++) {
                    heading.append(k > paragraphStart ? " " : "").append(lines[k].strip());
                }
                anchors.add(slug(heading.toString(), seen));
                paragraphStart = -1;
                continue;
            }
            if (NOT_A_PARAGRAPH.matcher(line).find()) {
                paragraphStart = -1;
            } else if (paragraphStart < 0) {
                paragraphStart = i;
            }
        }
    }

    /**
     * GitHub's anchor for a heading (the rules of github-slugger): the heading's text as rendered (markup removed,
     * code kept), lower-cased; every character that is not a letter, digit, mark, space, '-' or '_' removed; each
     * space becomes '-'. A slug already used on the page gets "-1", "-2"… appended.
     */
    static String slug(String heading, Map<String, Integer> seen) {
        String base = slugBase(heading);
        String slug = base;
        if (seen.containsKey(base)) {
            int count = seen.get(base);
            do {
                count++;
                slug = base + "-" + count;
            } while (seen.containsKey(slug));
            seen.put(base, count);
        }
        seen.put(slug, 0);
        return slug;
    }

    static String slugBase(String heading) {
        String text = renderedText(heading.strip());
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (cp == ' ') {
                slug.append('-');
            } else if (cp == '-' || cp == '_' || Character.isLetterOrDigit(cp) || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK) {
                slug.appendCodePoint(cp);
            }
        });
        return slug.toString();
    }

    /** The heading's text as GitHub renders it: code spans' content kept, links and images to their text, tags out. */
    private static String renderedText(String heading) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < heading.length()) {
            char c = heading.charAt(i);
            if (c == '`') {
                int run = runOfBackticks(heading, i);
                int close = heading.indexOf("`".repeat(run), i + run);
                while (close >= 0 && runOfBackticks(heading, close) != run) {
                    close = heading.indexOf("`".repeat(run), close + runOfBackticks(heading, close));
                }
                if (close >= 0) {
                    String content = heading.substring(i + run, close);
                    if (content.length() >= 2 && content.startsWith(" ") && content.endsWith(" ") && !content.isBlank()) {
                        content = content.substring(1, content.length() - 1);
                    }
                    out.append(content);
                    i = close + run;
                    continue;
                }
            }
            int next = heading.indexOf('`', i + 1);
            int end = c == '`' ? i + 1 : (next < 0 ? heading.length() : next);
            out.append(markupRemoved(heading.substring(i, end)));
            i = end;
        }
        return out.toString();
    }

    private static String markupRemoved(String text) {
        String plain = text.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1")
                .replaceAll("\\[([^\\]]*)]\\[[^\\]]*]", "$1")
                .replaceAll("<[^>]+>", "")
                .replaceAll("&[a-zA-Z]+;|&#\\d+;", "");
        // '_' of emphasis (at a word's edge) is markup; '_' inside a word (snake_case) is text
        return plain.replaceAll("(?<![\\p{L}\\p{N}])_+|_+(?![\\p{L}\\p{N}])", "");
    }

    private void readLinks(String plain) {
        Matcher inline = INLINE_LINK.matcher(plain);
        while (inline.find()) {
            links.add(new Link(unbracketed(inline.group(1)), lineOf(inline.start())));
        }
        Matcher reference = REFERENCE.matcher(plain);
        while (reference.find()) {
            links.add(new Link(unbracketed(reference.group(1)), lineOf(reference.start(1))));
        }
        Matcher html = HTML_TARGET.matcher(plain);
        while (html.find()) {
            links.add(new Link(html.group(1), lineOf(html.start())));
        }
    }

    private static String unbracketed(String target) {
        return target.startsWith("<") && target.endsWith(">") ? target.substring(1, target.length() - 1) : target;
    }
}
