package dev.slimline.docker;

import java.util.List;

/**
 * An image as the daemon describes it.
 *
 * @param id the image id ({@code sha256:...})
 * @param repoTags the names it is known by
 * @param repoDigests registry digests, empty for an image that was never pushed or pulled
 * @param sizeBytes uncompressed size
 */
public record ImageDetails(String id, List<String> repoTags, List<String> repoDigests, long sizeBytes,
        String os, String architecture, ImageConfig config) {

    public ImageDetails {
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
    }
}
