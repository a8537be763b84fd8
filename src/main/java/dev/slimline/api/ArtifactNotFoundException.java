package dev.slimline.api;

/** The job exists but has no such artifact (yet, or any more). */
class ArtifactNotFoundException extends RuntimeException {

    ArtifactNotFoundException(String jobId, String name, String why) {
        super("no artifact " + name + " for job " + jobId + ": " + why);
    }
}
