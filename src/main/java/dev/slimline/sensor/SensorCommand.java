package dev.slimline.sensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the sensor lives in an instrumented container and how it is started: as the container's
 * entrypoint, with the application's own command after {@code --}.
 */
public final class SensorCommand {

    /** Created world-writable (1777) so the sensor can write its report as any user. */
    public static final String DIRECTORY = "/.slimline";
    public static final String EXECUTABLE = DIRECTORY + "/slimline-sensor";
    public static final String REPORT = DIRECTORY + "/report.json";
    /** Where the report of the image's HEALTHCHECK, run once under the sensor, goes. */
    public static final String HEALTHCHECK_REPORT = DIRECTORY + "/healthcheck.json";
    /** The longest grace period the sensor accepts. */
    public static final int MAX_GRACE_SECONDS = 86_400;

    private SensorCommand() {
    }

    /**
     * The entrypoint that runs {@code app} (the image's entrypoint followed by its cmd) under the
     * sensor, every call observed ({@link SensorMode#EXACT}). On SIGTERM the sensor passes the
     * signal on and waits up to {@code graceSeconds} before it kills the application; the
     * container's stop timeout must leave it longer than that.
     */
    public static List<String> wrap(List<String> app, int graceSeconds) {
        return wrap(app, graceSeconds, REPORT, SensorMode.EXACT);
    }

    /** The same, observing as {@code mode} says. */
    public static List<String> wrap(List<String> app, int graceSeconds, SensorMode mode) {
        return wrap(app, graceSeconds, REPORT, mode);
    }

    /** The same, writing the report to {@code report}: for a second program traced beside the first. */
    public static List<String> wrap(List<String> app, int graceSeconds, String report, SensorMode mode) {
        if (app.isEmpty()) {
            throw new IllegalArgumentException("no command to run under the sensor: the image has neither "
                    + "an entrypoint nor a cmd");
        }
        if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
            throw new IllegalArgumentException("grace period " + graceSeconds + " s is outside 0.."
                    + MAX_GRACE_SECONDS);
        }
        List<String> command = new ArrayList<>(List.of(EXECUTABLE, "--report", report,
                "--grace", Integer.toString(graceSeconds)));
        if (mode != SensorMode.EXACT) {
            command.addAll(List.of("--filter", mode.filterArgument()));
        }
        command.add("--");
        command.addAll(app);
        return List.copyOf(command);
    }
}
