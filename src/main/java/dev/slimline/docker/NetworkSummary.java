package dev.slimline.docker;

import java.util.Map;

/** One line of a network listing. */
public record NetworkSummary(String id, String name, Map<String, String> labels) {

    public NetworkSummary {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
