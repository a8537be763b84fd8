package dev.slimline.pipeline;

import dev.slimline.probe.ProbeOutcome;
import dev.slimline.probe.ProbeResult;
import java.util.List;

/**
 * How the slim image did under its seccomp profile, compared with the instrumented run.
 *
 * @param differences what differed, one sentence each; empty when verified
 * @param outcomes what the probes of the other sources (exec, ...) got back from the slim image
 * @param matched for each of {@code results}, whether it was the original's answer
 */
record Verification(boolean verified, List<ProbeResult> results, List<String> differences,
        List<ProbeOutcome> outcomes, List<Boolean> matched) {

    Verification {
        results = List.copyOf(results);
        differences = List.copyOf(differences);
        outcomes = List.copyOf(outcomes);
        matched = List.copyOf(matched);
    }

    Verification(boolean verified, List<ProbeResult> results, List<String> differences) {
        this(verified, results, differences, List.of(), List.of());
    }

    /** Verified only when traffic was compared; a slim image that merely kept running is {@code RAN_ONLY}. */
    VerificationStatus status(Observation observation) {
        if (!verified) {
            return VerificationStatus.FAILED;
        }
        return observation.exercised() ? VerificationStatus.VERIFIED : VerificationStatus.RAN_ONLY;
    }

    String summary() {
        return verified ? "verified" : String.join("; ", differences);
    }
}
