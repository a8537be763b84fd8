package dev.slimline.pipeline;

import dev.slimline.inventory.InventorySummary;
import java.util.Map;

/**
 * What a finished pipeline produced.
 *
 * @param originalImage the reference the job was given
 * @param originalImageId its image id
 * @param slimImage the slim image's reference
 * @param slimImageId its image id
 * @param verified true when the slim image answered every probe as the original did under its
 *     seccomp profile; false when it did not; null when verification was switched off
 * @param verificationFailure what differed, when {@code verified} is false
 * @param artifacts small artifacts by name ({@code seccomp.json}, {@code report.json}, ...)
 * @param inventory the package summary; null when none was made
 */
public record SlimResult(String originalImage, String originalImageId, long originalSizeBytes, String slimImage,
        String slimImageId, long slimSizeBytes, Boolean verified, String verificationFailure,
        Map<String, byte[]> artifacts, InventorySummary inventory) {

    public SlimResult {
        artifacts = artifacts == null ? Map.of() : Map.copyOf(artifacts);
    }
}
