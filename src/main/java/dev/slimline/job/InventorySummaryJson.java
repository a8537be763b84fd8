package dev.slimline.job;

import dev.slimline.inventory.InventorySummary;
import tools.jackson.databind.json.JsonMapper;

/** A job's inventory summary as the {@code inventory_summary} column holds it: JSON, or null for none. */
final class InventorySummaryJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private InventorySummaryJson() {
    }

    static String write(InventorySummary summary) {
        return summary == null ? null : JSON.writeValueAsString(summary);
    }

    static InventorySummary read(String json) {
        return json == null ? null : JSON.readValue(json, InventorySummary.class);
    }
}
