package dev.slimline.profile;

import dev.slimline.names.ByteNames;
import java.util.List;

/**
 * Turns a path the sensor reported (from inside the untrusted container) into the quoted path
 * expression of an AppArmor rule that matches exactly that path, or says why it cannot.
 *
 * <p>Every byte that AppArmor's globbing or quoting would read as syntax is escaped, and every
 * byte outside printable ASCII is written as an octal escape, so no path can widen a rule, end
 * the quoted string, or bring in a variable. The process's own {@code /proc/<pid>} (whatever its
 * pid is when the profile is enforced) and terminals under {@code /dev/pts} are generalised.
 */
final class AppArmorPaths {

    /** PATH_MAX: the kernel names no longer path. */
    static final int MAX_PATH_BYTES = 4096;

    private static final String SYNTAX = "\\\"*?[]{}^,";

    private AppArmorPaths() {
    }

    /**
     * A path as rules name it.
     *
     * @param expression the quoted path expression, or null when the path cannot be expressed
     * @param problem why it cannot, or null
     * @param kernelInterface whether it lies where the profile denies writes whatever was observed:
     *     {@code /sys}, or {@code /proc} outside the process's own directories
     */
    record Rendered(String expression, String problem, boolean kernelInterface) {

        static Rendered refused(String problem) {
            return new Rendered(null, problem, false);
        }
    }

    /** Which of a path's forms a rule names: AppArmor tells a directory by its trailing slash. */
    enum Form {
        FILE,
        /** {@code /dir/}, as a listing rule names it. */
        DIRECTORY,
        /** Either: a write may have made or removed a directory as well as a file. */
        FILE_OR_DIRECTORY
    }

    static Rendered render(String path, Form form) {
        if (path == null || path.isEmpty()) {
            return Rendered.refused("empty path");
        }
        if (!path.startsWith("/")) {
            return Rendered.refused("not an absolute path");
        }
        if (path.indexOf('\0') >= 0) {
            return Rendered.refused("contains a NUL byte");
        }
        if (ByteNames.problem(path).isPresent()) {
            return Rendered.refused("holds a surrogate that stands for no byte, so the path itself is unknown");
        }
        if (ByteNames.encode(path).length > MAX_PATH_BYTES) {
            return Rendered.refused("longer than " + MAX_PATH_BYTES + " bytes");
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        List<String> segments = trimmed.equals("/") ? List.of() : List.of(trimmed.substring(1).split("/", -1));
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Rendered.refused("not a normalised path (an empty, . or .. segment)");
            }
        }
        StringBuilder out = new StringBuilder("\"");
        int next = 0;
        boolean ownProc = false;
        if (segments.size() >= 2 && segments.get(0).equals("proc")) {
            String process = segments.get(1);
            if (isNumber(process) || process.equals("self")) {
                out.append("@{PROC}/@{pid}");
                next = 2;
                if (segments.size() >= 4 && segments.get(2).equals("task") && isNumber(segments.get(3))) {
                    out.append("/task/@{tid}");
                    next = 4;
                }
                ownProc = true;
            } else if (process.equals("thread-self")) {
                out.append("@{PROC}/@{pid}/task/@{tid}");
                next = 2;
                ownProc = true;
            }
        } else if (segments.size() == 3 && segments.get(0).equals("dev") && segments.get(1).equals("pts")
                && isNumber(segments.get(2))) {
            out.append("/dev/pts/[0-9]*");
            next = 3;
        }
        for (String segment : segments.subList(next, segments.size())) {
            out.append('/');
            escape(segment, out);
        }
        if (segments.isEmpty() || form == Form.DIRECTORY) {
            out.append('/');
        } else if (form == Form.FILE_OR_DIRECTORY) {
            out.append("{,/}");
        }
        out.append('"');
        boolean kernelInterface = !segments.isEmpty()
                && (segments.get(0).equals("sys") || segments.get(0).equals("proc") && !ownProc);
        return new Rendered(out.toString(), null, kernelInterface);
    }

    /** A path as a note may show it: bounded, one line, plain characters only. */
    static String printable(String path) {
        if (path == null) {
            return "(null)";
        }
        String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }

    private static void escape(String segment, StringBuilder out) {
        for (byte b : ByteNames.encode(segment)) {
            int c = b & 0xff;
            if (SYNTAX.indexOf(c) >= 0) {
                out.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
            } else {
                out.append('\\').append(String.format("%03o", c));
            }
        }
    }

    private static boolean isNumber(String segment) {
        return !segment.isEmpty() && segment.length() <= 10 && segment.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
