package dev.slimline.pipeline;

import dev.slimline.docker.RegistryCredentials;
import dev.slimline.probe.CrawlProbes;
import dev.slimline.probe.ExecProbe;
import dev.slimline.probe.HttpProbe;
import dev.slimline.probe.OpenApiProbes;
import dev.slimline.probe.TcpProbe;
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
 * @param services companion containers the application needs, on a network of the job's own
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
        Sensor sensor,
        List<Service> services) {

    /** The application's host name on the job's network; no service may take it. */
    public static final String APPLICATION_HOST = "app";

    public SlimSpec {
        pull = pull == null ? PullPolicy.IF_MISSING : pull;
        probes = probes == null ? Probes.DEFAULT : probes;
        overrides = overrides == null ? Overrides.NONE : overrides;
        includes = includes == null ? Includes.NONE : includes;
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        outputs = outputs == null ? Outputs.ALL : outputs;
        limits = limits == null ? Limits.DEFAULT : limits;
        sensor = sensor == null ? Sensor.DEFAULT : sensor;
        services = services == null ? List.of() : List.copyOf(services);
    }

    public static SlimSpec of(String image) {
        return new SlimSpec(image, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public SlimSpec withProbes(Probes value) {
        return new SlimSpec(image, targetTag, pull, pullCredentials, value, overrides, includes, excludes, outputs,
                limits, push, sensor, services);
    }

    public SlimSpec withPull(PullPolicy value) {
        return new SlimSpec(image, targetTag, value, pullCredentials, probes, overrides, includes, excludes, outputs,
                limits, push, sensor, services);
    }

    public SlimSpec withTargetTag(String value) {
        return new SlimSpec(image, value, pull, pullCredentials, probes, overrides, includes, excludes, outputs,
                limits, push, sensor, services);
    }

    public SlimSpec withOverrides(Overrides value) {
        return new SlimSpec(image, targetTag, pull, pullCredentials, probes, value, includes, excludes, outputs,
                limits, push, sensor, services);
    }

    public SlimSpec withIncludes(Includes value, List<String> excludePatterns) {
        return new SlimSpec(image, targetTag, pull, pullCredentials, probes, overrides, value, excludePatterns,
                outputs, limits, push, sensor, services);
    }

    public SlimSpec withOutputs(Outputs value) {
        return new SlimSpec(image, targetTag, pull, pullCredentials, probes, overrides, includes, excludes, value,
                limits, push, sensor, services);
    }

    public SlimSpec withSensor(Sensor value) {
        return new SlimSpec(image, targetTag, pull, pullCredentials, probes, overrides, includes, excludes, outputs,
                limits, push, value, services);
    }

    public SlimSpec withServices(List<Service> value) {
        return new SlimSpec(image, targetTag, pull, pullCredentials, probes, overrides, includes, excludes, outputs,
                limits, push, sensor, value);
    }

    /** @param mode {@link SensorMode#FAST} unless asked otherwise */
    public record Sensor(SensorMode mode) {
        public static final Sensor DEFAULT = new Sensor(SensorMode.FAST);

        public Sensor {
            mode = mode == null ? SensorMode.FAST : mode;
        }
    }

    /**
     * A companion container the application needs (a database, a cache). It is started before the
     * application on the job's private network, reachable there by {@code name}; it is not slimmed,
     * and verification starts a fresh one.
     *
     * @param name its host name on the job's network
     * @param image the image to run, pulled per the job's pull policy
     * @param env variables added to the image's environment
     * @param cmd its command; null means the image's
     * @param ready how to tell that it is ready; null means as soon as it runs
     */
    public record Service(String name, String image, Map<String, String> env, List<String> cmd, Ready ready) {

        public Service {
            env = env == null ? Map.of() : Map.copyOf(env);
            cmd = cmd == null ? null : List.copyOf(cmd);
        }
    }

    /**
     * How to tell that a service is ready; exactly one is given.
     *
     * @param tcpPort a port of the service that accepts connections
     * @param execProbe a command run in the service that passes
     * @param logContains text the service prints
     */
    public record Ready(Integer tcpPort, ExecProbe execProbe, String logContains) {
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
     * @param exec commands run inside the container, after the HTTP probes
     * @param tcp bytes sent to ports over TCP, before the HTTP probes; a port they probe gets no default probe
     * @param openApi requests made from the application's OpenAPI document; null for none
     * @param crawl pages and resources found by crawling the application's HTML; null for none
     */
    public record Probes(boolean defaultProbes, List<HttpProbe> http, Duration readinessTimeout,
            Duration requestTimeout, int retries, StopMode stop, Duration stopAfter, List<ExecProbe> exec,
            List<TcpProbe> tcp, OpenApiProbes openApi, CrawlProbes crawl) {

        public static final Probes DEFAULT = new Probes(true, List.of(), Duration.ofSeconds(60),
                Duration.ofSeconds(10), 5, StopMode.AFTER_PROBES, null);

        /** HTTP probes only. */
        public Probes(boolean defaultProbes, List<HttpProbe> http, Duration readinessTimeout,
                Duration requestTimeout, int retries, StopMode stop, Duration stopAfter) {
            this(defaultProbes, http, readinessTimeout, requestTimeout, retries, stop, stopAfter, null, null, null,
                    null);
        }

        /** The same, with command and TCP probes. */
        public Probes(boolean defaultProbes, List<HttpProbe> http, Duration readinessTimeout,
                Duration requestTimeout, int retries, StopMode stop, Duration stopAfter, List<ExecProbe> exec,
                List<TcpProbe> tcp) {
            this(defaultProbes, http, readinessTimeout, requestTimeout, retries, stop, stopAfter, exec, tcp, null,
                    null);
        }

        public Probes withOpenApi(OpenApiProbes value) {
            return new Probes(defaultProbes, http, readinessTimeout, requestTimeout, retries, stop, stopAfter, exec,
                    tcp, value, crawl);
        }

        public Probes withCrawl(CrawlProbes value) {
            return new Probes(defaultProbes, http, readinessTimeout, requestTimeout, retries, stop, stopAfter, exec,
                    tcp, openApi, value);
        }

        public Probes {
            http = http == null ? List.of() : List.copyOf(http);
            exec = exec == null ? List.of() : List.copyOf(exec);
            tcp = tcp == null ? List.of() : List.copyOf(tcp);
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
