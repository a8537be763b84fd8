package dev.slimline.judge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * What the user says an answer must be, for one request: when given, it decides instead of a
 * comparison with the original's answers. Every part given must hold.
 *
 * @param status the status
 * @param bodyContains texts the body must contain
 * @param bodyMatches a regular expression (Java syntax) the body must contain a match of
 * @param json JSON Pointer to the value the answer's JSON must hold there
 */
public record Expectation(Integer status, List<String> bodyContains, String bodyMatches, Map<String, JsonNode> json) {

    /** A user's regular expression gets this long per answer: a pathological one breaks the rule, not the job. */
    static final Duration REGEX_BUDGET = Duration.ofSeconds(2);

    public Expectation {
        bodyContains = bodyContains == null ? List.of() : List.copyOf(bodyContains);
        Map<String, JsonNode> values = new java.util.HashMap<>();
        if (json != null) {
            // a JSON null may arrive as Java's null: it means "null there"
            json.forEach((pointer, value) -> values.put(pointer, value == null ? NullNode.getInstance() : value));
        }
        json = Map.copyOf(values);
    }

    /** Null when the expression compiles; otherwise why it does not, for a request's validation. */
    public static String regexProblem(String regex) {
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return e.getDescription() + " at index " + e.getIndex();
        }
    }

    /** Null when {@code pointer} is a JSON Pointer; otherwise why not. */
    public static String pointerProblem(String pointer) {
        try {
            JsonPointer.compile(pointer);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    public Verdict judge(Answer answer) {
        if (status != null && answer.status() != status) {
            return Verdict.fail(Method.RULE, "expect.status " + status + " does not hold: the status was "
                    + answer.status());
        }
        if (bodyContains.isEmpty() && bodyMatches == null && json.isEmpty()) {
            return Verdict.pass(Method.RULE);
        }
        String text = Bodies.text(answer);
        if (text == null) {
            return Verdict.fail(Method.RULE, answer.body() == null
                    ? "the body was too large to check expect.bodyContains, bodyMatches or json against"
                    : "expect cannot hold: the body is not text (" + answer.contentType() + ")");
        }
        for (String part : bodyContains) {
            if (!text.contains(part)) {
                return Verdict.fail(Method.RULE, "expect.bodyContains " + Bodies.quote(part)
                        + " does not hold: the body does not contain it");
            }
        }
        if (bodyMatches != null) {
            Verdict verdict = matches(text);
            if (verdict != null) {
                return verdict;
            }
        }
        if (!json.isEmpty()) {
            JsonNode document = Bodies.json(answer);
            if (document == null) {
                return Verdict.fail(Method.RULE, "expect.json does not hold: the body is not JSON");
            }
            for (Map.Entry<String, JsonNode> rule : new java.util.TreeMap<>(json).entrySet()) {
                JsonNode found = document.at(rule.getKey());
                if (found.isMissingNode()) {
                    return new Verdict(Method.RULE, false, "expect.json " + rule.getKey() + " = "
                            + Bodies.describe(rule.getValue()) + " does not hold: the answer has nothing there",
                            rule.getKey(), null);
                }
                if (!JsonShape.sameValue(found, rule.getValue())) {
                    return new Verdict(Method.RULE, false, "expect.json " + rule.getKey() + " = "
                            + Bodies.describe(rule.getValue()) + " does not hold: the answer has "
                            + Bodies.describe(found), rule.getKey(), null);
                }
            }
        }
        return Verdict.pass(Method.RULE);
    }

    private Verdict matches(String text) {
        long deadline = System.nanoTime() + REGEX_BUDGET.toNanos();
        Matcher matcher = Pattern.compile(bodyMatches).matcher(new Bounded(text, deadline));
        try {
            if (matcher.find()) {
                return null;
            }
            return Verdict.fail(Method.RULE, "expect.bodyMatches " + Bodies.quote(bodyMatches)
                    + " does not hold: nothing in the body matches it");
        } catch (BudgetExceeded e) {
            return Verdict.fail(Method.RULE, "expect.bodyMatches " + Bodies.quote(bodyMatches)
                    + " could not be decided within " + REGEX_BUDGET.toSeconds() + " s");
        } catch (StackOverflowError e) {
            // Java's matcher recurses per repetition; a deep one on a long body ends here, not in the job's thread
            return Verdict.fail(Method.RULE, "expect.bodyMatches " + Bodies.quote(bodyMatches)
                    + " is too complex to decide on this body");
        }
    }

    /** Text that stops a regular expression's search once its time is up (backtracking reads it again and again). */
    private static final class Bounded implements CharSequence {

        private final CharSequence text;
        private final long deadline;
        private int reads;

        Bounded(CharSequence text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xfff) == 0 && System.nanoTime() > deadline) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Bounded(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }
}
