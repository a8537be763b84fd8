package dev.slimline.pipeline;

import dev.slimline.inventory.InventorySummary;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a finished pipeline produced.
 *
 * @param originalImage the reference the job was given
 * @param originalImageId its image id
 * @param slimImage the slim image's reference
 * @param slimImageId its image id
 * @param verified true when probes were replayed and the slim image answered every one as the
 *     original did under its seccomp profile; false when it did not or nothing was compared
 *     ({@link VerificationStatus#RAN_ONLY}); null when verification was switched off
 * @param verificationFailure what differed, when {@code verification} is FAILED
 * @param artifacts small artifacts by name ({@code seccomp.json}, {@code report.json}, ...)
 * @param inventory the package summary; null when none was made
 * @param judging how each answer was judged in verification; null when verification was switched off
 * @param verification what verifying showed; null when it was switched off
 * @param probeCounts per probe source ({@link ProbeCounts#SOURCES}), the requests sent and how many passed
 */
public record SlimResult(String originalImage, String originalImageId, long originalSizeBytes, String slimImage,
        String slimImageId, long slimSizeBytes, Boolean verified, String verificationFailure,
        Map<String, byte[]> artifacts, InventorySummary inventory, JudgingSummary judging,
        VerificationStatus verification, Map<String, ProbeCount> probeCounts) {

    public SlimResult {
        artifacts = artifacts == null ? Map.of() : Map.copyOf(artifacts);
        probeCounts = probeCounts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(probeCounts));
    }

    /** The slim image did not answer or run as the original: the job fails, its result is kept. */
    public boolean verificationFailed() {
        return verification == VerificationStatus.FAILED;
    }
}
