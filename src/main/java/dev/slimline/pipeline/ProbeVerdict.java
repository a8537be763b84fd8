package dev.slimline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slimline.judge.Method;
import dev.slimline.judge.Verdict;

/**
 * How the slim image's answer to one probe was judged, for {@code report.json} and the job's result.
 *
 * @param request method and path, such as {@code GET /time}
 * @param port the container port
 * @param judgedBy exact, structure or rule
 * @param passed whether the answer matched (or the rule held)
 * @param difference what differed, when it did not pass
 * @param pointer the first JSON Pointer that differed, when the answer is JSON
 * @param offset the first text (or byte) offset that differed, when that is where
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeVerdict(String request, int port, Method judgedBy, boolean passed, String difference,
        String pointer, Long offset) {

    static ProbeVerdict of(String method, String path, int port, Verdict verdict) {
        return new ProbeVerdict(method + " " + path, port, verdict.judgedBy(), verdict.passed(),
                verdict.difference(), verdict.pointer(), verdict.offset());
    }
}
