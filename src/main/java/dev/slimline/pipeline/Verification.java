package dev.slimline.pipeline;

import dev.slimline.probe.ProbeResult;
import java.util.List;

/**
 * How the slim image did under its seccomp profile, compared with the instrumented run.
 *
 * @param differences what differed, one sentence each; empty when verified
 */
record Verification(boolean verified, List<ProbeResult> results, List<String> differences) {

    Verification {
        results = List.copyOf(results);
        differences = List.copyOf(differences);
    }

    String summary() {
        return verified ? "verified" : String.join("; ", differences);
    }
}
