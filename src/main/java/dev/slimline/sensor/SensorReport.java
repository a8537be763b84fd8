package dev.slimline.sensor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the sensor observed while the application ran: the system calls it made and the paths it
 * named. It came from inside an untrusted container: {@link SensorReportParser} has checked its
 * shape and bounds, but its content is still only the application's say-so.
 *
 * @param graceExpired the application did not end within the grace period after SIGTERM and was killed
 * @param traceMode how the sensor traced ({@code seccomp} or {@code syscall})
 * @param allowedWithoutObservation system calls the sensor let the application make without
 *     seeing them ({@link SensorMode#FAST}); they are not in {@code syscalls} even when made, and
 *     a profile must allow them. Empty when every call was observed.
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
        List<String> allowedWithoutObservation,
        boolean truncated,
        List<String> truncatedParts,
        long unresolvedPaths,
        Map<String, Long> syscalls,
        List<FileAccess> files,
        List<ProcessRecord> processes) {

    public SensorReport {
        allowedWithoutObservation = List.copyOf(allowedWithoutObservation);
        truncatedParts = List.copyOf(truncatedParts);
        syscalls = Map.copyOf(syscalls);
        files = List.copyOf(files);
        processes = List.copyOf(processes);
    }

    /**
     * This report with another one's observations added: paths (access kinds united), system calls
     * (counts added), programs and the calls allowed without observation. The outcome, stop reason
     * and trace mode stay this report's; the result is truncated when either was.
     */
    public SensorReport plus(SensorReport other) {
        Map<String, FileAccess> byPath = new TreeMap<>();
        for (FileAccess file : files) {
            byPath.put(file.path(), file);
        }
        for (FileAccess file : other.files()) {
            byPath.merge(file.path(), file, (a, b) -> new FileAccess(a.path(), union(a.ok(), b.ok()),
                    union(a.failed(), b.failed()), union(a.errors(), b.errors())));
        }
        Map<String, Long> calls = new TreeMap<>(syscalls);
        other.syscalls().forEach((name, count) -> calls.merge(name, count, Long::sum));
        List<ProcessRecord> allProcesses = new ArrayList<>(processes);
        allProcesses.addAll(other.processes());
        Set<String> parts = new TreeSet<>(truncatedParts);
        parts.addAll(other.truncatedParts());
        Set<String> unobserved = new TreeSet<>(allowedWithoutObservation);
        unobserved.addAll(other.allowedWithoutObservation());
        return new SensorReport(schemaVersion, sensorVersion, app, stoppedBy, graceExpired, traceMode,
                List.copyOf(unobserved), truncated || other.truncated(), List.copyOf(parts),
                unresolvedPaths + other.unresolvedPaths(), calls, List.copyOf(byPath.values()), allProcesses);
    }

    private static Set<AccessKind> union(Set<AccessKind> a, Set<AccessKind> b) {
        Set<AccessKind> all = EnumSet.noneOf(AccessKind.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private static Map<AccessKind, Set<String>> union(Map<AccessKind, Set<String>> a, Map<AccessKind, Set<String>> b) {
        Map<AccessKind, Set<String>> all = new EnumMap<>(AccessKind.class);
        a.forEach((kind, names) -> all.computeIfAbsent(kind, k -> new TreeSet<>()).addAll(names));
        b.forEach((kind, names) -> all.computeIfAbsent(kind, k -> new TreeSet<>()).addAll(names));
        return all;
    }

    /** The entry for one path, if the application named it. */
    public Optional<FileAccess> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }
}
