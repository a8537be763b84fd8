package dev.slimline.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The artifacts of a job that can be downloaded now. */
record ArtifactList(List<Artifact> artifacts) {

    /**
     * {@code sizeBytes} and {@code digest} are absent for {@code image.tar}, which the daemon makes
     * while it is downloaded, and for {@code logs.txt}, which grows while the job runs.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Artifact(String name, Long sizeBytes, String mediaType, String href, String digest) {
    }
}
