package dev.slimline.rootfs;

import java.util.regex.Pattern;

/**
 * An absolute path pattern: {@code *} matches within one path component, {@code ?} one character
 * of a component, {@code **} any run of characters across components; a pattern ending in
 * {@code /**} matches the directory itself too. Everything else is literal.
 */
final class Glob {

    private final String pattern;
    private final Pattern regex;

    private Glob(String pattern, Pattern regex) {
        this.pattern = pattern;
        this.regex = regex;
    }

    /** @throws IllegalArgumentException when the pattern is not absolute or holds a NUL */
    static Glob compile(String pattern) {
        if (pattern == null || !pattern.startsWith("/") || pattern.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path patterns must be absolute: " + pattern);
        }
        String body = pattern.length() > 1 && pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1)
                : pattern;
        boolean subtree = body.endsWith("/**");
        if (subtree) {
            body = body.substring(0, body.length() - 3);
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '*' && i + 1 < body.length() && body.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (subtree) {
            re.append("(/.*)?");
        }
        return new Glob(pattern, Pattern.compile(re.toString()));
    }

    boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    /** The leading components without wildcards: where matches can be. */
    String literalPrefix() {
        int wildcard = firstWildcard(pattern);
        if (wildcard < 0) {
            return pattern.length() > 1 && pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1)
                    : pattern;
        }
        int slash = pattern.lastIndexOf('/', wildcard);
        return slash <= 0 ? ArchivePaths.ROOT : pattern.substring(0, slash);
    }

    /** The same pattern with its literal prefix replaced by {@code directory}. */
    Glob rebase(String directory) {
        String prefix = literalPrefix();
        String rest = pattern.substring(prefix.length());
        String base = directory.equals(ArchivePaths.ROOT) ? "" : directory;
        return compile(prefix.equals(ArchivePaths.ROOT) ? base + pattern : base + rest);
    }

    boolean hasWildcard() {
        return firstWildcard(pattern) >= 0;
    }

    private static int firstWildcard(String p) {
        int star = p.indexOf('*');
        int question = p.indexOf('?');
        return star < 0 ? question : question < 0 ? star : Math.min(star, question);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
