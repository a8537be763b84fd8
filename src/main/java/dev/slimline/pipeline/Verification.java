package dev.slimline.pipeline;

import dev.slimline.probe.ProbeOutcome;
import dev.slimline.probe.ProbeResult;
import java.util.List;

/**
 * How the slim image did under its seccomp profile, compared with the instrumented run.
 *
 * @param verdicts how each probe's answer was judged, in the order the probes were sent
 * @param differences what differed, one sentence each; empty when verified
 * @param traffic how the recorded traffic fared; null when verification ended before replaying it
 * @param trafficVerdicts how each recorded request's answer was judged
 * @param outcomes what the probes of the other sources (exec, ...) got back from the slim image
 */
record Verification(boolean verified, List<ProbeResult> results, List<ProbeVerdict> verdicts,
        List<String> differences, JudgingSummary.Traffic traffic, List<ProbeVerdict> trafficVerdicts,
        List<ProbeOutcome> outcomes) {

    Verification {
        results = List.copyOf(results);
        verdicts = List.copyOf(verdicts);
        differences = List.copyOf(differences);
        trafficVerdicts = List.copyOf(trafficVerdicts);
        outcomes = List.copyOf(outcomes);
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
