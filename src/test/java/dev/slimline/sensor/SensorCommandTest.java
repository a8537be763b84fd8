package dev.slimline.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SensorCommandTest {

    @Test
    void runsTheAppAfterTheSensorsOptions() {
        assertThat(SensorCommand.wrap(List.of("node", "/x.js"), 10)).containsExactly("/.slimline/slimline-sensor",
                "--report", "/.slimline/report.json", "--grace", "10", "--", "node", "/x.js");
    }

    @Test
    void asksForTheFastFilterOnlyInFastMode() {
        assertThat(SensorCommand.wrap(List.of("node"), 10, SensorMode.FAST)).containsExactly(
                "/.slimline/slimline-sensor", "--report", "/.slimline/report.json", "--grace", "10",
                "--filter", "fast", "--", "node");
        assertThat(SensorCommand.wrap(List.of("node"), 10, SensorMode.EXACT)).doesNotContain("--filter");
    }

    @Test
    void refusesNothingToRunAndImpossibleGracePeriods() {
        assertThatThrownBy(() -> SensorCommand.wrap(List.of(), 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither an entrypoint nor a cmd");
        assertThatThrownBy(() -> SensorCommand.wrap(List.of("x"), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
