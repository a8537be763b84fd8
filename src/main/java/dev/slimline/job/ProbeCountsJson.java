package dev.slimline.job;

import dev.slimline.pipeline.ProbeCount;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A job's probe counts as the {@code probe_counts} column holds them: JSON, in the sources' order. */
final class ProbeCountsJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, ProbeCount>> TYPE = new TypeReference<>() {
    };

    private ProbeCountsJson() {
    }

    static String write(Map<String, ProbeCount> counts) {
        return counts.isEmpty() ? null : JSON.writeValueAsString(counts);
    }

    static Map<String, ProbeCount> read(String json) {
        return JSON.readValue(json, TYPE);
    }
}
