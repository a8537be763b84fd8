package dev.slimline.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .dockerignore} file, as the Docker CLI applies them to a build context:
 * one pattern a line, relative to the context root (a leading {@code /} changes nothing), Go
 * glob syntax ({@code *} and {@code ?} within one path element, {@code **} across any number),
 * {@code #} comments, {@code !} exceptions. A pattern that matches a directory excludes what is
 * in it, and the last matching line decides.
 */
final class DockerIgnore {

    private record Rule(Pattern pattern, boolean exception) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static DockerIgnore parse(String content) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : content.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exception = line.startsWith("!");
            String pattern = clean(exception ? line.substring(1).strip() : line);
            if (!pattern.isEmpty()) {
                rules.add(new Rule(Pattern.compile(toRegex(pattern)), exception));
            }
        }
        return new DockerIgnore(rules);
    }

    /** Whether a file, named by its path from the context root with {@code /}, stays out of the context. */
    boolean excludes(String path) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesItOrAParent(rule.pattern(), path)) {
                excluded = !rule.exception();
            }
        }
        return excluded;
    }

    /** Whether nothing under this directory can be in the context, so a walk may skip it. */
    boolean excludesAllUnder(String directory) {
        return excludes(directory) && rules.stream().noneMatch(Rule::exception);
    }

    private static boolean matchesItOrAParent(Pattern pattern, String path) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (pattern.matcher(path.substring(0, slash)).matches()) {
                return true;
            }
        }
        return pattern.matcher(path).matches();
    }

    /** Like Go's filepath.Clean on a relative path: no leading or trailing slash, no empty or {@code .} parts. */
    private static String clean(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean slashFollows = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                regex.append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed [ in .dockerignore pattern " + glob);
                }
                // a class never matches the separator, as in Go's filepath.Match
                regex.append("(?!/)[").append(glob, i + 1, close).append(']');
                i = close;
            } else if (c == '\\' && i + 1 < glob.length()) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
