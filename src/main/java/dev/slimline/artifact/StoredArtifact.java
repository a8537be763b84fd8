package dev.slimline.artifact;

/** An artifact file of a job. */
public record StoredArtifact(String name, long sizeBytes) {
}
