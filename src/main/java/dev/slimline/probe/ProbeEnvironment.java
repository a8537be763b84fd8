package dev.slimline.probe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The running application as a {@link ProbeSource} sees it.
 *
 * @param targets where each published port is reached
 * @param commands runs commands inside the application's container
 * @param timing how long the application may take to become ready
 * @param liveness whether waiting for it still makes sense
 * @param log the job's log
 */
public record ProbeEnvironment(List<ProbeTarget> targets, CommandRunner commands, ProbeTiming timing,
        HttpProber.Liveness liveness, Consumer<String> log) {

    public ProbeEnvironment {
        targets = List.copyOf(targets);
    }

    /** Runs a command in the application's container (observed by the sensor while observing). */
    @FunctionalInterface
    public interface CommandRunner {
        CommandResult run(List<String> cmd, String user, Map<String, String> env, Duration timeout);
    }

    /**
     * @param exitCode -1 when the command did not end in time
     * @param stdout what it printed on stdout
     * @param output stdout and stderr interleaved
     */
    public record CommandResult(int exitCode, String stdout, String output) {
    }
}
