package dev.slimline.pipeline;

import dev.slimline.probe.ProbeResult;
import java.util.List;

/**
 * How the slim image did under its seccomp profile, compared with the instrumented run.
 *
 * @param verdicts how each probe's answer was judged, in the order the probes were sent
 * @param differences what differed, one sentence each; empty when verified
 */
record Verification(boolean verified, List<ProbeResult> results, List<ProbeVerdict> verdicts,
        List<String> differences) {

    Verification {
        results = List.copyOf(results);
        verdicts = List.copyOf(verdicts);
        differences = List.copyOf(differences);
    }

    String summary() {
        return verified ? "verified" : String.join("; ", differences);
    }
}
