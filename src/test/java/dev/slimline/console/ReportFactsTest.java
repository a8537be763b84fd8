package dev.slimline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportFactsTest {

    @Test
    void readsPhaseDurationsProbesAndWarningsAndLeavesTheRestAlone() throws IOException {
        String json = """
                {"schemaVersion": 1, "somethingNew": {"x": 1},
                 "phaseMillis": {"inspect": 12, "probe": 3400},
                 "probes": {
                   "instrumented": [{"method": "GET", "scheme": "http", "port": 8080, "path": "/", "status": 200,
                                     "bodySha256": "ab", "bodyBytes": 5, "error": null, "millis": 31}],
                   "verification": [{"method": "POST", "scheme": "http", "port": 8080, "path": "/x", "status": 0,
                                     "bodyBytes": 0, "error": "connection refused", "millis": 5}]},
                 "warnings": ["kept /etc/passwd by rule"]}
                """;
        ReportFacts facts = ReportFacts.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(facts.phaseMillis()).containsExactly(java.util.Map.entry("inspect", 12L),
                java.util.Map.entry("probe", 3400L));
        assertThat(facts.probes()).containsExactly(
                new ReportFacts.ProbeRow("instrumented", "GET http://:8080/", 200, "31 ms", null),
                new ReportFacts.ProbeRow("verification", "POST http://:8080/x", 0, "5 ms", "connection refused"));
        assertThat(facts.probes().get(0).ok()).isTrue();
        assertThat(facts.probes().get(1).ok()).isFalse();
        assertThat(facts.warnings()).containsExactly("kept /etc/passwd by rule");
    }

    @Test
    void aReportThatIsNotJsonIsAnError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReportFacts.read(
                new ByteArrayInputStream("not json".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class).hasMessageContaining("report.json");
    }
}
