package dev.slimline.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the job page shows from {@code report.json}: each phase's duration, the probes' results
 * and the warnings. Read leniently (fields it does not know are left alone), as the report grows.
 */
record ReportFacts(Map<String, Long> phaseMillis, List<ProbeRow> probes, List<String> warnings) {

    static final ReportFacts NONE = new ReportFacts(Map.of(), List.of(), List.of());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One probe's answer.
     *
     * @param run {@code instrumented} (the original image, under the sensor) or {@code verification} (the slim one)
     */
    record ProbeRow(String run, String request, int status, String time, String error) {

        public boolean ok() {
            return error == null || error.isEmpty();
        }
    }

    static ReportFacts read(InputStream in) throws IOException {
        JsonNode report;
        try {
            report = JSON.readTree(in);
        } catch (JacksonException e) {
            throw new IOException("report.json is not JSON: " + e.getOriginalMessage(), e);
        }
        Map<String, Long> phases = new LinkedHashMap<>();
        report.path("phaseMillis").properties().forEach(e -> phases.put(e.getKey(), e.getValue().asLong()));
        List<ProbeRow> probes = new ArrayList<>();
        for (String run : List.of("instrumented", "verification")) {
            for (JsonNode probe : report.path("probes").path(run)) {
                String error = probe.path("error").isNull() || probe.path("error").isMissingNode() ? null
                        : probe.path("error").asString();
                probes.add(new ProbeRow(run, probe.path("method").asString() + " " + probe.path("scheme").asString()
                        + "://:" + probe.path("port").asInt() + probe.path("path").asString(),
                        probe.path("status").asInt(), probe.path("millis").asLong() + " ms", error));
            }
        }
        List<String> warnings = new ArrayList<>();
        report.path("warnings").forEach(w -> warnings.add(w.asString()));
        return new ReportFacts(phases, probes, warnings);
    }
}
