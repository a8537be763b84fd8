package dev.slimline.judge;

import java.util.ArrayList;
import java.util.List;

/**
 * What a text answer must look like when the original's two answers differed: the first answer
 * with the spans that differed between the two masked. A span is masked as whole tokens (runs of
 * characters between white space and markup punctuation), so a time stamp or a token that changed
 * in part is masked entirely, not just in the digits that happened to change between two
 * requests a moment apart. Everything outside the masks must be equal, in order.
 *
 * @param segments literal text and masks ({@code null}) in order
 */
record MaskedText(List<String> segments) {

    /** Aligning two texts costs the product of their token counts; beyond this the middle is one mask. */
    static final long MAX_ALIGNED_CELLS = 1_000_000;
    private static final String DELIMITERS = "<>\"'=,;(){}[]&";

    MaskedText {
        segments = java.util.Collections.unmodifiableList(new ArrayList<>(segments));
    }

    static MaskedText learn(String first, String second) {
        List<String> a = tokens(first);
        List<String> b = tokens(second);
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        Builder out = new Builder();
        a.subList(0, prefix).forEach(out::literal);
        align(a.subList(prefix, a.size() - suffix), b.subList(prefix, b.size() - suffix), out);
        a.subList(a.size() - suffix, a.size()).forEach(out::literal);
        return new MaskedText(out.finish());
    }

    /** The longest common subsequence of the two middles stays literal; the rest is masked. */
    private static void align(List<String> a, List<String> b, Builder out) {
        if (a.isEmpty() && b.isEmpty()) {
            return;
        }
        int n = a.size();
        int m = b.size();
        if ((long) (n + 1) * (m + 1) > MAX_ALIGNED_CELLS) {
            out.mask();
            return;
        }
        int[] lcs = new int[(n + 1) * (m + 1)];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i * (m + 1) + j] = a.get(i).equals(b.get(j)) ? lcs[(i + 1) * (m + 1) + j + 1] + 1
                        : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                out.literal(a.get(i));
                i++;
                j++;
            } else {
                out.mask();
                if (j >= m || i < n && lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
                    i++;
                } else {
                    j++;
                }
            }
        }
    }

    /** Null when {@code text} fits; otherwise where it first does not. */
    Verdict judge(String text, Method method) {
        int pos = 0;
        boolean afterMask = false;
        for (int k = 0; k < segments.size(); k++) {
            String literal = segments.get(k);
            if (literal == null) {
                afterMask = true;
                continue;
            }
            if (!afterMask) {
                if (!text.startsWith(literal, pos)) {
                    int same = 0;
                    while (pos + same < text.length() && same < literal.length()
                            && text.charAt(pos + same) == literal.charAt(same)) {
                        same++;
                    }
                    String found = text.substring(pos + same, Math.min(text.length(), pos + same + 40));
                    return Verdict.atOffset(method, pos + same, "text", Bodies.quote(found)
                            + " where the original had " + Bodies.quote(literal.substring(same)));
                }
                pos += literal.length();
            } else {
                boolean last = k == segments.size() - 1;
                int at = last && text.endsWith(literal) && text.length() - literal.length() >= pos
                        ? text.length() - literal.length() : text.indexOf(literal, pos);
                if (at < 0) {
                    return missing(text, pos, literal, method);
                }
                pos = at + literal.length();
            }
            afterMask = false;
        }
        if (!afterMask && pos != text.length()) {
            return Verdict.atOffset(method, pos, "text", "more text than the original had ("
                    + Bodies.quote(text.substring(pos, Math.min(text.length(), pos + 40))) + ")");
        }
        return null;
    }

    /**
     * The text after a mask lacks the literal that should follow it: the difference is where the
     * longest part of that literal that can be found ends (prefixes that occur shrink monotonically,
     * so a binary search finds it).
     */
    private static Verdict missing(String text, int pos, String literal, Method method) {
        int low = 0;
        int high = literal.length();
        int foundAt = pos;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            int at = text.indexOf(literal.substring(0, mid), pos);
            if (at >= 0) {
                low = mid;
                foundAt = at;
            } else {
                high = mid - 1;
            }
        }
        if (low == 0) {
            return Verdict.atOffset(method, pos, "text", "no " + Bodies.quote(literal)
                    + " after the part that varies");
        }
        int offset = foundAt + low;
        return Verdict.atOffset(method, offset, "text", Bodies.quote(text.substring(offset,
                Math.min(text.length(), offset + 40))) + " where the original had "
                + Bodies.quote(literal.substring(low)));
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || DELIMITERS.indexOf(c) >= 0) {
                if (i > start) {
                    tokens.add(text.substring(start, i));
                }
                tokens.add(String.valueOf(c));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            tokens.add(text.substring(start));
        }
        return tokens;
    }

    /** Joins adjacent literals and adjacent masks. */
    private static final class Builder {
        private final List<String> segments = new ArrayList<>();
        private final StringBuilder literal = new StringBuilder();
        private boolean masked;

        void literal(String token) {
            if (masked) {
                flush();
                segments.add(null);
                masked = false;
            }
            literal.append(token);
        }

        void mask() {
            masked = true;
        }

        private void flush() {
            if (literal.length() > 0) {
                segments.add(literal.toString());
                literal.setLength(0);
            }
        }

        List<String> finish() {
            flush();
            if (masked) {
                segments.add(null);
            }
            return segments;
        }
    }
}
