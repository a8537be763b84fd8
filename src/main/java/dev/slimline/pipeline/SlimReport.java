package dev.slimline.pipeline;

import dev.slimline.inventory.InventorySummary;
import dev.slimline.probe.ProbeOutcome;
import dev.slimline.probe.ProbeResult;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json}: what a job did and found, for people and for tools.
 *
 * @param schemaVersion bumped when a field changes meaning
 * @param inventory packages before and after, removed bytes, the packages that kept the most
 */
record SlimReport(
        int schemaVersion,
        String jobId,
        ImageFacts original,
        ImageFacts slim,
        double reductionPercent,
        FileFacts files,
        SyscallFacts syscalls,
        SensorFacts sensor,
        ProbeFacts probes,
        TrafficFacts traffic,
        VerificationFacts verification,
        Map<String, Long> phaseMillis,
        List<String> warnings,
        InventorySummary inventory) {

    record ImageFacts(String reference, String id, String digest, long sizeBytes) {
    }

    /**
     * @param keptByReason how many kept paths each rule accounts for
     * @param largestKept the largest files the slim image holds
     */
    record FileFacts(int originalEntries, int keptEntries, long keptBytes, int droppedEntries, long droppedBytes,
            Map<String, Integer> keptByReason, List<SizedPath> largestKept, int observedPaths) {
    }

    record SizedPath(String path, long sizeBytes) {
    }

    /**
     * @param observed every system call the application made, with how often
     * @param allowed the names the seccomp profile allows (observed plus what the runtime needs)
     * @param addedForRuntime the names allowed although the application was not seen making them
     * @param allowedWithoutObservation the names the sensor let through without seeing them (FAST
     *     mode): they are allowed whether or not the application made them, and not counted in observed
     */
    record SyscallFacts(Map<String, Long> observed, List<String> allowed, List<String> addedForRuntime,
            List<String> allowedWithoutObservation) {
    }

    /** @param mode FAST or EXACT, as the job asked */
    record SensorFacts(String version, String mode, String traceMode, String stoppedBy, Integer appExitCode,
            boolean truncated, List<String> truncatedParts, int processes) {
    }

    /**
     * @param instrumented the original's answers
     * @param instrumentedAgain its answers when each probe was sent a second time, to learn what varies
     * @param verification the slim image's answers
     * @param verdicts how each of the slim image's answers was judged
     * @param instrumentedOutcomes what the probes of the other sources (exec, ...) got while observed
     * @param verificationOutcomes what they got from the slim image
     * @param counts per source, the requests sent and how many passed
     */
    record ProbeFacts(List<ProbeResult> instrumented, List<ProbeResult> instrumentedAgain,
            List<ProbeResult> verification, List<ProbeVerdict> verdicts,
            List<ProbeOutcome> instrumentedOutcomes, List<ProbeOutcome> verificationOutcomes,
            Map<String, ProbeCount> counts) {
    }

    /**
     * The user's own traffic through the recording proxies.
     *
     * @param recorded exchanges recorded
     * @param notRecorded exchanges over the maximum or the body cap
     * @param passedThrough connections relayed unrecorded (not HTTP/1.x)
     * @param replayed recorded requests sent to the slim image
     * @param equal of those, answered as the original did
     */
    record TrafficFacts(int recorded, int notRecorded, int passedThrough, int replayed, int equal,
            List<ReplayedExchange> exchanges) {
    }

    /** @param verdict how the slim image's answer was judged; null when it was not replayed */
    record ReplayedExchange(dev.slimline.recording.RecordedExchange recorded, ProbeVerdict verdict) {
    }

    /**
     * @param verified true only when traffic was compared and matched; null when verification was switched off
     * @param status VERIFIED, RAN_ONLY (started and kept running, nothing compared) or FAILED
     */
    record VerificationFacts(Boolean verified, boolean seccompApplied, List<String> differences,
            VerificationStatus status) {
    }
}
