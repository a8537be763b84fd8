package dev.slimline.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Sizes, durations and times as the console shows them. */
final class Formats {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** {@code 1536} → {@code 1.5 KiB}; null → empty. */
    static String bytes(Long bytes) {
        if (bytes == null) {
            return "";
        }
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** {@code 1.2 s}, {@code 3 min 4 s}, {@code 1 h 2 min}; null → empty. */
    static String duration(Duration duration) {
        if (duration == null) {
            return "";
        }
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** From {@code start} to {@code end}, or to {@code now} while it has no end; empty before it started. */
    static String duration(Instant start, Instant end, Instant now) {
        return start == null ? "" : duration(Duration.between(start, end == null ? now : end));
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }
}
