package dev.slimline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void sizesInBinaryUnits() {
        assertThat(Formats.bytes(null)).isEmpty();
        assertThat(Formats.bytes(512L)).isEqualTo("512 B");
        assertThat(Formats.bytes(1536L)).isEqualTo("1.5 KiB");
        assertThat(Formats.bytes(22_953_989L)).isEqualTo("21.9 MiB");
        assertThat(Formats.bytes(3L << 30)).isEqualTo("3.0 GiB");
    }

    @Test
    void durationsFromMillisecondsToHours() {
        assertThat(Formats.duration(Duration.ofMillis(99))).isEqualTo("99 ms");
        assertThat(Formats.duration(Duration.ofMillis(8_450))).isEqualTo("8.5 s");
        assertThat(Formats.duration(Duration.ofSeconds(184))).isEqualTo("3 min 4 s");
        assertThat(Formats.duration(Duration.ofMinutes(62))).isEqualTo("1 h 2 min");
    }

    @Test
    void aJobThatHasNotEndedRunsUntilNowAndOneThatHasNotStartedHasNoDuration() {
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        assertThat(Formats.duration(start, null, start.plusSeconds(5))).isEqualTo("5.0 s");
        assertThat(Formats.duration(start, start.plusSeconds(65), start.plusSeconds(999))).isEqualTo("1 min 5 s");
        assertThat(Formats.duration(null, null, start)).isEmpty();
    }
}
