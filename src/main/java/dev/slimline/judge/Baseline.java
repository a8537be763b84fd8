package dev.slimline.judge;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What the original's answers to one request teach about the answers to expect: learnt from two
 * answers to the same request, it judges a later answer (the slim image's). Answers the original
 * gave identically are compared byte for byte; answers that varied are compared by structure.
 * The status must always be one the original gave.
 */
public sealed interface Baseline {

    /** How answers are judged against this baseline. */
    Method method();

    Verdict judge(Answer answer);

    static Baseline learn(Answer first, Answer second) {
        if (first.status() != second.status()) {
            return new Statuses(new TreeSet<>(Set.of(first.status(), second.status())));
        }
        if (Objects.equals(first.sha256(), second.sha256())) {
            return new Exact(first);
        }
        JsonNode a = Bodies.json(first);
        JsonNode b = Bodies.json(second);
        if (a != null && b != null) {
            return new Json(first.status(), JsonShape.learn(a, b));
        }
        String textA = Bodies.text(first);
        String textB = Bodies.text(second);
        if (textA != null && textB != null) {
            return new Text(first.status(), MaskedText.learn(textA, textB));
        }
        return new Binary(first.status(), first.contentType());
    }

    /** The original answered identically: the slim image must too. */
    record Exact(Answer original) implements Baseline {

        @Override
        public Method method() {
            return Method.EXACT;
        }

        @Override
        public Verdict judge(Answer answer) {
            if (answer.status() != original.status()) {
                return wrongStatus(Method.EXACT, answer, Set.of(original.status()));
            }
            if (Objects.equals(answer.sha256(), original.sha256())) {
                return Verdict.pass(Method.EXACT);
            }
            JsonNode expected = Bodies.json(original);
            JsonNode actual = Bodies.json(answer);
            if (expected != null && actual != null) {
                Verdict verdict = new JsonShape(expected, Set.of(), Set.of()).judge(actual, Method.EXACT);
                if (verdict != null) {
                    return verdict;
                }
            }
            String expectedText = Bodies.text(original);
            String actualText = Bodies.text(answer);
            if (expectedText != null && actualText != null) {
                Verdict verdict = new MaskedText(java.util.List.of(expectedText)).judge(actualText, Method.EXACT);
                if (verdict != null) {
                    return verdict;
                }
            }
            if (original.body() != null && answer.body() != null) {
                int offset = Arrays.mismatch(original.body(), answer.body());
                return Verdict.atOffset(Method.EXACT, offset, "the body", "byte "
                        + (offset < answer.body().length ? answer.body()[offset] & 0xff : "(end)")
                        + " where the original had " + (offset < original.body().length
                                ? original.body()[offset] & 0xff : "(end)"));
            }
            return Verdict.fail(Method.EXACT, "a different body (sha256 " + answer.sha256()
                    + ") than the original's (sha256 " + original.sha256() + ")");
        }
    }

    /** The original answered JSON of the same shape with some values varying. */
    record Json(int status, JsonShape shape) implements Baseline {

        @Override
        public Method method() {
            return Method.STRUCTURE;
        }

        @Override
        public Verdict judge(Answer answer) {
            if (answer.status() != status) {
                return wrongStatus(Method.STRUCTURE, answer, Set.of(status));
            }
            JsonNode actual = Bodies.json(answer);
            if (actual == null) {
                return Verdict.fail(Method.STRUCTURE, "not JSON (" + describeType(answer)
                        + ") where the original answered JSON");
            }
            Verdict verdict = shape.judge(actual, Method.STRUCTURE);
            return verdict == null ? Verdict.pass(Method.STRUCTURE) : verdict;
        }
    }

    /** The original answered text that varied in places. */
    record Text(int status, MaskedText masked) implements Baseline {

        @Override
        public Method method() {
            return Method.STRUCTURE;
        }

        @Override
        public Verdict judge(Answer answer) {
            if (answer.status() != status) {
                return wrongStatus(Method.STRUCTURE, answer, Set.of(status));
            }
            String text = Bodies.text(answer);
            if (text == null) {
                return Verdict.fail(Method.STRUCTURE, "not text (" + describeType(answer)
                        + ") where the original answered text");
            }
            Verdict verdict = masked.judge(text, Method.STRUCTURE);
            return verdict == null ? Verdict.pass(Method.STRUCTURE) : verdict;
        }
    }

    /** The original answered varying bytes (or bodies too large to keep): status and content type only. */
    record Binary(int status, String contentType) implements Baseline {

        @Override
        public Method method() {
            return Method.STRUCTURE;
        }

        @Override
        public Verdict judge(Answer answer) {
            if (answer.status() != status) {
                return wrongStatus(Method.STRUCTURE, answer, Set.of(status));
            }
            if (!mediaType(contentType).equals(mediaType(answer.contentType()))) {
                return Verdict.fail(Method.STRUCTURE, "content type " + answer.contentType()
                        + " where the original's was " + contentType);
            }
            return Verdict.pass(Method.STRUCTURE);
        }
    }

    /** The original itself answered with two statuses: any of them will do, nothing more is comparable. */
    record Statuses(Set<Integer> statuses) implements Baseline {

        @Override
        public Method method() {
            return Method.STRUCTURE;
        }

        @Override
        public Verdict judge(Answer answer) {
            return statuses.contains(answer.status()) ? Verdict.pass(Method.STRUCTURE)
                    : wrongStatus(Method.STRUCTURE, answer, statuses);
        }
    }

    private static Verdict wrongStatus(Method method, Answer answer, Set<Integer> expected) {
        String was = expected.size() == 1 ? String.valueOf(expected.iterator().next())
                : String.join(" or ", expected.stream().map(String::valueOf).toList());
        return Verdict.fail(method, "status " + answer.status() + " where the original answered " + was);
    }

    private static String describeType(Answer answer) {
        return answer.contentType() == null ? "no content type" : answer.contentType();
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
