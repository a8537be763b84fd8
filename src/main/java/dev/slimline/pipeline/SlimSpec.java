package dev.slimline.pipeline;

import dev.slimline.docker.RegistryCredentials;
import dev.slimline.probe.HttpProbe;
import dev.slimline.sensor.SensorMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a slim job is asked to do. Only {@link #image} is required; every other part has a
 * default that slims a typical HTTP service.
 *
 * @param image the image to slim
 * @param targetTag the slim image's name; null means the repository with {@code .slim} appended, same tag
 * @param pull when to pull the image first
 * @param pullCredentials for a private registry; never logged or returned
 * @param probes how to exercise the application while it is observed
 * @param overrides changes to how the instrumented container starts
 * @param includes what to keep even if the application was not seen using it
 * @param excludes glob patterns of paths never to keep
 * @param outputs which profiles to make and whether to verify the slim image
 * @param limits resources for the containers the job runs
 * @param push where to push the slim image; null for nowhere
 * @param sensor how closely the sensor watches the application
 */
public record SlimSpec(
        String image,
        String targetTag,
        PullPolicy pull,
        RegistryCredentials pullCredentials,
        Probes probes,
        Overrides overrides,
        Includes includes,
        List<String> excludes,
        Outputs outputs,
        Limits limits,
        Push push,
        Sensor sensor) {

    public SlimSpec {
        pull = pull == null ? PullPolicy.IF_MISSING : pull;
        probes = probes == null ? Probes.DEFAULT : probes;
        overrides = overrides == null ? Overrides.NONE : overrides;
        includes = includes == null ? Includes.NONE : includes;
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        outputs = outputs == null ? Outputs.ALL : outputs;
        limits = limits == null ? Limits.DEFAULT : limits;
        sensor = sensor == null ? Sensor.DEFAULT : sensor;
    }

    public static SlimSpec of(String image) {
        return new SlimSpec(image, null, null, null, null, null, null, null, null, null, null, null);
    }

    public SlimSpec withProbes(Probes value) {
        return new SlimSpec(image, targetTag, pull, pullCredentials, value, overrides, includes, excludes, outputs,
                limits, push, sensor);
    }

    public SlimSpec withPull(PullPolicy value) {
        return new SlimSpec(image, targetTag, value, pullCredentials, probes, overrides, includes, excludes, outputs,
                limits, push, sensor);
    }

    public SlimSpec withTargetTag(String value) {
        return new SlimSpec(image, value, pull, pullCredentials, probes, overrides, includes, excludes, outputs,
                limits, push, sensor);
    }

    public SlimSpec withOverrides(Overrides value) {
        return new SlimSpec(image, targetTag, pull, pullCredentials, probes, value, includes, excludes, outputs,
                limits, push, sensor);
    }

    public SlimSpec withIncludes(Includes value, List<String> excludePatterns) {
        return new SlimSpec(image, targetTag, pull, pullCredentials, probes, overrides, value, excludePatterns,
                outputs, limits, push, sensor);
    }

    public SlimSpec withOutputs(Outputs value) {
        return new SlimSpec(image, targetTag, pull, pullCredentials, probes, overrides, includes, excludes, value,
                limits, push, sensor);
    }

    public SlimSpec withSensor(Sensor value) {
        return new SlimSpec(image, targetTag, pull, pullCredentials, probes, overrides, includes, excludes, outputs,
                limits, push, value);
    }

    /** @param mode {@link SensorMode#FAST} unless asked otherwise */
    public record Sensor(SensorMode mode) {
        public static final Sensor DEFAULT = new Sensor(SensorMode.FAST);

        public Sensor {
            mode = mode == null ? SensorMode.FAST : mode;
        }
    }

    public enum PullPolicy {
        /** Pull when the daemon does not have the image. */
        IF_MISSING,
        /** Always pull, to get the newest image for the tag. */
        ALWAYS,
        /** Never pull: a missing image fails the job. */
        NEVER
    }

    /**
     * How the application is exercised.
     *
     * @param defaultProbes send {@code GET /} to every exposed port (http, then https) before the custom ones
     * @param http the job's own requests
     * @param readinessTimeout how long to wait for the ports to accept connections and answer
     * @param requestTimeout how long one request may take
     * @param retries how often a request that fails to connect is retried
     * @param stop when the observation ends
     * @param stopAfter for {@link StopMode#AFTER_DURATION}: how long to observe
     */
    public record Probes(boolean defaultProbes, List<HttpProbe> http, Duration readinessTimeout,
            Duration requestTimeout, int retries, StopMode stop, Duration stopAfter) {

        public static final Probes DEFAULT = new Probes(true, List.of(), Duration.ofSeconds(60),
                Duration.ofSeconds(10), 5, StopMode.AFTER_PROBES, null);

        public Probes {
            http = http == null ? List.of() : List.copyOf(http);
            readinessTimeout = readinessTimeout == null ? Duration.ofSeconds(60) : readinessTimeout;
            requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
            stop = stop == null ? StopMode.AFTER_PROBES : stop;
        }
    }

    public enum StopMode {
        /** Stop once every probe has answered. */
        AFTER_PROBES,
        /** Run the probes, then keep observing until {@code stopAfter} has passed since start. */
        AFTER_DURATION,
        /** Run the probes, then keep observing until the job is told to stop. */
        WHEN_TOLD
    }

    /**
     * Changes to the instrumented container; null fields keep the image's own values.
     *
     * @param exposePorts container ports to publish when the image declares none ({@code 8080} or {@code 8080/tcp})
     */
    public record Overrides(List<String> entrypoint, List<String> cmd, Map<String, String> env, String workdir,
            String user, List<String> exposePorts) {

        public static final Overrides NONE = new Overrides(null, null, Map.of(), null, null, List.of());

        public Overrides {
            env = env == null ? Map.of() : Map.copyOf(env);
            exposePorts = exposePorts == null ? List.of() : List.copyOf(exposePorts);
        }

        /** The environment overrides as {@code NAME=value} entries, in name order. */
        public List<String> envEntries() {
            return new java.util.TreeMap<>(env).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .toList();
        }
    }

    /**
     * What to keep beyond what was observed.
     *
     * @param paths glob patterns of image paths
     * @param binaries executables (absolute, or names looked up in the image's PATH) with the libraries they load
     * @param shell keep {@code /bin/sh} and what it needs
     * @param caCertificates keep the image's CA certificate bundle
     */
    public record Includes(List<String> paths, List<String> binaries, boolean shell, boolean caCertificates) {

        public static final Includes NONE = new Includes(List.of(), List.of(), false, false);

        public Includes {
            paths = paths == null ? List.of() : List.copyOf(paths);
            binaries = binaries == null ? List.of() : List.copyOf(binaries);
        }
    }

    public record Outputs(boolean seccomp, boolean apparmor, boolean verify) {
        public static final Outputs ALL = new Outputs(true, true, true);
    }

    /**
     * Resources for each container the job runs.
     *
     * @param memoryBytes memory limit
     * @param nanoCpus CPU limit in billionths of a CPU
     * @param pids process limit
     * @param jobTimeout how long the whole job may take
     */
    public record Limits(long memoryBytes, long nanoCpus, long pids, Duration jobTimeout) {
        public static final Limits DEFAULT = new Limits(1L << 30, 1_000_000_000L, 512, Duration.ofMinutes(20));
    }

    /**
     * @param reference repository and tag to push the slim image to
     * @param credentials for the registry; never logged or returned
     */
    public record Push(String reference, RegistryCredentials credentials) {
    }
}
