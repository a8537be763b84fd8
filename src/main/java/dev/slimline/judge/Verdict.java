package dev.slimline.judge;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of judging one answer.
 *
 * @param judgedBy how it was judged
 * @param passed whether it matched (or the rule held)
 * @param difference what differed, in a sentence; null when it passed
 * @param pointer the first JSON Pointer whose value differed, when the answer is JSON
 * @param offset the first character (of text) or byte (of binary) that differed, when that is where
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verdict(Method judgedBy, boolean passed, String difference, String pointer, Long offset) {

    static Verdict pass(Method method) {
        return new Verdict(method, true, null, null, null);
    }

    static Verdict fail(Method method, String difference) {
        return new Verdict(method, false, difference, null, null);
    }

    static Verdict atPointer(Method method, String pointer, String difference) {
        return new Verdict(method, false, "JSON differs at " + (pointer.isEmpty() ? "the root" : pointer) + ": "
                + difference, pointer, null);
    }

    static Verdict atOffset(Method method, long offset, String what, String difference) {
        return new Verdict(method, false, what + " differs at offset " + offset + ": " + difference, null, offset);
    }
}
