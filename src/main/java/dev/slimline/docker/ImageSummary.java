package dev.slimline.docker;

import java.util.List;
import java.util.Map;

/** One line of an image listing. */
public record ImageSummary(String id, List<String> repoTags, long sizeBytes, Map<String, String> labels) {

    public ImageSummary {
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
