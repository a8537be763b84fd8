package dev.slimline.artifact;

/**
 * A stored artifact of a job.
 *
 * @param digest {@code sha256:<64 hex>} of the content
 */
public record StoredArtifact(String name, long sizeBytes, String mediaType, String digest) {
}
