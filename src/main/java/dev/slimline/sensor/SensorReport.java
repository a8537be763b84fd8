package dev.slimline.sensor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the sensor observed while the application ran: the system calls it made and the paths it
 * named. It came from inside an untrusted container: {@link SensorReportParser} has checked its
 * shape and bounds, but its content is still only the application's say-so.
 *
 * @param graceExpired the application did not end within the grace period after SIGTERM and was killed
 * @param traceMode how the sensor traced ({@code seccomp} or {@code syscall})
 * @param truncated whether the sensor hit a limit; {@code truncatedParts} says which
 *     ({@code files}, {@code processes}, {@code paths}, {@code argv}, {@code syscalls})
 * @param unresolvedPaths paths the sensor could not read out of the app or make absolute (their
 *     directory was unknown to it)
 * @param syscalls system call name to how often it was made; numbers the sensor has no name for
 *     appear as {@code syscall_<n>}
 * @param files sorted by path, one entry per path
 * @param processes in the order they were exec'd
 */
public record SensorReport(
        int schemaVersion,
        String sensorVersion,
        AppOutcome app,
        StopReason stoppedBy,
        boolean graceExpired,
        String traceMode,
        boolean truncated,
        List<String> truncatedParts,
        long unresolvedPaths,
        Map<String, Long> syscalls,
        List<FileAccess> files,
        List<ProcessRecord> processes) {

    public SensorReport {
        truncatedParts = List.copyOf(truncatedParts);
        syscalls = Map.copyOf(syscalls);
        files = List.copyOf(files);
        processes = List.copyOf(processes);
    }

    /** The entry for one path, if the application named it. */
    public Optional<FileAccess> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }
}
