package dev.slimline.sensor;

/**
 * Bounds a sensor report must stay within to be accepted.
 *
 * @param maxBytes the whole document
 * @param maxFiles entries in {@code files}
 * @param maxProcesses entries in {@code processes}
 * @param maxSyscalls distinct system call names
 * @param maxPathLength chars in one path
 * @param maxArgs arguments of one command line
 * @param maxArgLength chars in one argument
 */
public record SensorReportLimits(long maxBytes, int maxFiles, int maxProcesses, int maxSyscalls, int maxPathLength,
        int maxArgs, int maxArgLength) {

    /** What the sensor's own defaults can produce: 100 000 files, 10 000 processes, 4 KiB paths, 64 MiB. */
    public static SensorReportLimits defaults() {
        return new SensorReportLimits(64L * 1024 * 1024, 100_000, 10_000, 4096, 4096, 65_536, 65_536);
    }

    public SensorReportLimits {
        if (maxBytes <= 0 || maxFiles < 0 || maxProcesses < 0 || maxSyscalls < 0 || maxPathLength <= 0
                || maxArgs < 0 || maxArgLength <= 0) {
            throw new IllegalArgumentException("sensor report limits must be positive");
        }
    }
}
