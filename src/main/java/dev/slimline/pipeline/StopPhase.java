package dev.slimline.pipeline;

import java.time.Duration;

/**
 * Phase 4: stop the instrumented application. Docker sends the image's stop signal to the sensor
 * (PID 1), which passes it on, waits for the application, and writes its report.
 */
final class StopPhase {

    private final int graceSeconds;

    StopPhase(int graceSeconds) {
        this.graceSeconds = graceSeconds;
    }

    /** Returns the container's exit code. */
    int run(JobRun run, String containerId) {
        run.log("Stopping the instrumented application (grace period " + graceSeconds + " s)");
        // the sensor gives the application graceSeconds, then needs a moment for its report
        run.docker().container().stop(containerId, graceSeconds + 5);
        int exitCode = run.docker().container().awaitExit(containerId, Duration.ofSeconds(graceSeconds + 30));
        run.log("The instrumented container exited with code " + exitCode);
        return exitCode;
    }
}
