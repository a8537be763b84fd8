package dev.slimline.sensor;

import java.util.List;

/**
 * How the application the sensor ran ended.
 *
 * @param argv the command the sensor was given
 * @param exitCode its exit status, or 128 + the signal that killed it; null when it never ended
 *     (the sensor lost it)
 * @param signal the signal that killed it, null when it exited
 * @param startError why it could not be started (the program was not found, not executable), or null
 */
public record AppOutcome(List<String> argv, Integer exitCode, Integer signal, String startError) {

    public AppOutcome {
        argv = List.copyOf(argv);
    }
}
