package dev.slimline.sensor;

/**
 * How closely the sensor watches the application.
 *
 * <p>{@link #FAST}: a short list of path-less calls every runtime makes on its hot path (reads and
 * writes, sends and receives, polling, futexes, clocks, memory mapping, ...) runs without stopping
 * the application; the sensor's report names them as allowed without observation, and the
 * seccomp profile allows them whether or not the application made them. Every call that names a
 * path or matters for security (mount, unshare, setns, ptrace, bpf, keyctl, personality, ...)
 * is still seen, so the keep set is the same and the profile still refuses what the application
 * never did. {@link #EXACT}: every call stops the application and is counted, for the tightest
 * profile, at a cost in throughput under load.
 */
public enum SensorMode {
    FAST("fast"),
    EXACT("exact");

    private final String filterArgument;

    SensorMode(String filterArgument) {
        this.filterArgument = filterArgument;
    }

    /** The sensor's {@code --filter} value. */
    String filterArgument() {
        return filterArgument;
    }
}
