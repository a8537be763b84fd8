package dev.slimline.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slimline.docker.ImageApi;
import dev.slimline.docker.RegistryCredentials;
import dev.slimline.judge.Expectation;
import dev.slimline.pipeline.SlimSpec;
import dev.slimline.probe.CrawlProbes;
import dev.slimline.probe.HttpProbe;
import dev.slimline.probe.OpenApiProbes;
import dev.slimline.sensor.SensorMode;
import dev.slimline.webhook.WebhookEvent;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/jobs}, and the {@code spec} of a job as the API shows it (with
 * every default filled in). Registry credentials ({@code pullCredentials}, {@code push.credentials})
 * are write-only: the job stores them encrypted and its {@code spec} never shows them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobRequest(
        @NotBlank @ImageReference String image,
        @ImageReference(digestAllowed = false) String targetTag,
        SlimSpec.PullPolicy pull,
        @Valid Credentials pullCredentials,
        @Size(max = 50) List<@NotNull @Valid Probe> httpProbes,
        @Valid ProbeSettings probes,
        @Valid Overrides overrides,
        @Valid Includes includes,
        @Size(max = 1000) List<@NotBlank @Size(max = 1024) @Pattern(regexp = NO_CONTROL) String> excludes,
        @Valid Outputs outputs,
        @Valid Limits limits,
        @Valid Push push,
        @Valid Sensor sensor,
        @JsonProperty("notify") Notify notification,
        @Size(max = 50) List<@NotNull @Valid ExecProbe> execProbes,
        @Size(max = 50) List<@NotNull @Valid TcpProbe> tcpProbes,
        @Size(max = 10) List<@NotNull @Valid Service> services) {

    static final String NO_CONTROL = "[^\\p{Cntrl}]*";
    static final int MAX_PASSWORD = 16384;
    static final int MAX_TCP_SEND_BYTES = 65536;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Probe(
            @Pattern(regexp = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS",
                    message = "must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS") String method,
            // not "//host/x" (nor "/\\host/x", which browsers read alike): a scheme-relative reference
            // names another host to some clients, and no application serves it as a path
            @Size(max = 2048) @Pattern(regexp = "/(?![/\\\\])[^\\s\\p{Cntrl}]*",
                    message = "must start with a single / (not // or /\\, which name a host) and hold no spaces")
            String path,
            @Min(1) @Max(65535) Integer port,
            @Size(max = 64) Map<@Pattern(regexp = "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}",
                    message = "must be an HTTP header name") String,
                    @NotNull @Size(max = 8192) @Pattern(regexp = "[^\\r\\n\\x00]*",
                            message = "must not contain line breaks") String> headers,
            @Size(max = 262144) String body,
            @Min(100) @Max(599) Integer expectStatus,
            @Valid Expect expect) {
    }

    /** The user's rule for a probe's answer; checked (expression, pointers) in {@link #toSpec}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Expect(
            @Min(100) @Max(599) Integer status,
            @Size(max = 20) List<@NotNull @Size(min = 1, max = 4096) String> bodyContains,
            @Size(min = 1, max = 1024) String bodyMatches,
            @Size(max = 50) Map<@NotNull @Size(max = 1024) String, JsonNode> json) {

        Expectation toExpectation(String field) {
            if (bodyMatches != null) {
                String problem = Expectation.regexProblem(bodyMatches);
                if (problem != null) {
                    throw new InvalidRequestException(field + ".bodyMatches",
                            "is not a regular expression: " + problem);
                }
            }
            if (json != null) {
                for (String pointer : json.keySet()) {
                    String problem = Expectation.pointerProblem(pointer);
                    if (problem != null) {
                        throw new InvalidRequestException(field + ".json", "key " + pointer
                                + " is not a JSON Pointer (such as /status or /items/0/id): " + problem);
                    }
                }
            }
            return new Expectation(status, bodyContains, bodyMatches, json);
        }

        static Expect from(Expectation rule) {
            return rule == null ? null : new Expect(rule.status(), rule.bodyContains().isEmpty() ? null
                    : rule.bodyContains(), rule.bodyMatches(), rule.json().isEmpty() ? null : rule.json());
        }
    }

    /** A command run inside the application's container, observed like the application. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ExecProbe(
            @NotNull @Size(min = 1, max = 256) List<@NotNull @Size(max = 4096) String> cmd,
            @Size(max = 256) @Pattern(regexp = "[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?",
                    message = "must be a user name or id, optionally with :group") String user,
            @Size(max = 256) Map<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]{0,255}",
                    message = "must be an environment variable name") String,
                    @NotNull @Size(max = 32768) String> env,
            @Min(0) @Max(255) Integer expectExitCode,
            @Size(max = 4096) String stdoutContains,
            @Min(1) @Max(600) Integer timeoutSeconds) {
    }

    /** Bytes sent to a port over TCP, for services that speak no HTTP. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TcpProbe(
            @NotNull @Min(1) @Max(65535) Integer port,
            @Size(max = MAX_TCP_SEND_BYTES) String send,
            @Size(max = 4 * (MAX_TCP_SEND_BYTES / 3 + 1)) String sendBase64,
            @Size(max = 4096) String expectContains,
            @Size(max = 4096) String expectMatches,
            @Min(1) @Max(600) Integer timeoutSeconds) {
    }

    /** A companion container the application needs, on the job's private network. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Service(
            @NotBlank @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
                    message = "must be a host name: lower-case letters, digits and inner hyphens, at most 63")
            String name,
            @NotBlank @ImageReference String image,
            @Size(max = 256) Map<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]{0,255}",
                    message = "must be an environment variable name") String,
                    @NotNull @Size(max = 32768) String> env,
            @Size(max = 256) List<@NotNull @Size(max = 4096) String> cmd,
            @Valid Ready ready) {
    }

    /** How to tell that a service is ready: exactly one of the three. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Ready(@Min(1) @Max(65535) Integer tcpPort, @Valid ExecProbe execProbe, @Size(max = 4096) String logContains) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProbeSettings(
            Boolean defaultProbes,
            @Min(1) @Max(3600) Integer readinessTimeoutSeconds,
            @Min(1) @Max(600) Integer requestTimeoutSeconds,
            @Min(0) @Max(100) Integer retries,
            SlimSpec.StopMode stop,
            @Min(1) @Max(86400) Integer stopAfterSeconds,
            @Valid OpenApi openApi,
            @Valid Crawl crawl) {
    }

    /** Requests made from the application's OpenAPI document, served at {@code path} or given inline. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OpenApi(
            @Min(1) @Max(65535) Integer port,
            @Size(max = 2048) @Pattern(regexp = "/[^\\s\\p{Cntrl}]*",
                    message = "must be a path: start with / and hold no spaces") String path,
            @Size(max = 1048576) String document,
            @Size(max = 5) List<@NotNull @Pattern(regexp = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS",
                    message = "must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS") String> methods) {
    }

    /** Pages and resources found by crawling the application's HTML. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Crawl(
            @Min(1) @Max(65535) Integer port,
            @Size(max = 2048) @Pattern(regexp = "/[^\\s\\p{Cntrl}]*",
                    message = "must be a path: start with / and hold no spaces") String startPath,
            @Min(1) @Max(value = 10000, message = "must be at most 10000: a crawl of more pages is no probe")
            Integer maxPages,
            @Min(0) @Max(100) Integer maxDepth) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Overrides(
            @Size(max = 256) List<@NotNull @Size(max = 4096) String> entrypoint,
            @Size(max = 256) List<@NotNull @Size(max = 4096) String> cmd,
            @Size(max = 256) Map<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]{0,255}",
                    message = "must be an environment variable name") String,
                    @NotNull @Size(max = 32768) String> env,
            @Size(max = 4096) @Pattern(regexp = "/[^\\p{Cntrl}]*", message = "must be an absolute path") String workdir,
            @Size(max = 256) @Pattern(regexp = "[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?",
                    message = "must be a user name or id, optionally with :group") String user,
            @Size(max = 64) List<@NotNull @Pattern(regexp = "[0-9]{1,5}(/(tcp|udp))?",
                    message = "must be a port such as 8080 or 8080/tcp") String> exposePorts) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Includes(
            @Size(max = 1000) List<@NotBlank @Size(max = 1024) @Pattern(regexp = NO_CONTROL) String> paths,
            @Size(max = 100) List<@NotBlank @Size(max = 1024) @Pattern(regexp = NO_CONTROL) String> binaries,
            Boolean shell,
            Boolean caCertificates) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Outputs(Boolean seccomp, Boolean apparmor, Boolean verify) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Limits(
            @Min(6291456) @Max(1099511627776L) Long memoryBytes,
            @DecimalMin("0.01") @DecimalMax("256") Double cpus,
            @Min(1) @Max(1000000) Long pids,
            @Min(1) @Max(86400) Long jobTimeoutSeconds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Sensor(SensorMode mode) {
    }

    /** Where to push the slim image, with the registry's credentials when it needs them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Push(@NotBlank @ImageReference(digestAllowed = false) String reference, @Valid Credentials credentials) {
    }

    /**
     * A webhook to tell of the job's events ({@code notify}: the Java name cannot be
     * {@code notify}). Checked by {@link #webhookProblem}, under the JSON names; the secret, like a
     * registry password, never gets a constraint annotation (a failed one keeps the rejected value
     * for the debug log), and {@link #toString} never shows it.
     */
    record Notify(String url, String secret, List<WebhookEvent> events) {

        @Override
        public String toString() {
            return "Notify[url=" + url + ", secret=***, events=" + events + "]";
        }
    }

    /**
     * A registry login. The password has no constraint annotation on purpose: a failed
     * constraint keeps the rejected value, which Spring's debug logging prints; it is checked in
     * {@link #toSpec} instead, and {@link #toString} never shows it.
     *
     * @param serverAddress the registry, as the image reference names it; defaults to that one
     */
    record Credentials(
            @Size(max = 512) @Pattern(regexp = "[^\\s\\p{Cntrl}]*", message = "must not contain spaces")
            String serverAddress,
            @NotBlank @Size(max = 256) @Pattern(regexp = NO_CONTROL) String username,
            String password) {

        @Override
        public String toString() {
            return "Credentials[serverAddress=" + serverAddress + ", username=" + username + ", password=***]";
        }
    }

    /** What is wrong with {@code notify}'s shape; null when nothing is. */
    static FieldProblem webhookProblem(Notify notify) {
        if (notify.url() == null || notify.url().isBlank()) {
            return new FieldProblem("notify.url", "is required");
        }
        if (notify.url().length() > 2048) {
            return new FieldProblem("notify.url", "must be at most 2048 characters");
        }
        List<WebhookEvent> events = notify.events();
        if (events != null && (events.contains(null) || events.stream().distinct().count() != events.size())) {
            return new FieldProblem("notify.events", "must name each event at most once");
        }
        return null;
    }

    /** The specification with every omitted part set to its default. */
    SlimSpec toSpec() {
        SlimSpec.Probes defaults = SlimSpec.Probes.DEFAULT;
        ProbeSettings p = probes == null ? new ProbeSettings(null, null, null, null, null, null, null, null) : probes;
        SlimSpec.StopMode stop = p.stop() == null ? defaults.stop() : p.stop();
        if (stop == SlimSpec.StopMode.AFTER_DURATION && p.stopAfterSeconds() == null) {
            throw new InvalidRequestException("probes.stopAfterSeconds",
                    "is required when probes.stop is AFTER_DURATION");
        }
        List<HttpProbe> http = new ArrayList<>();
        for (int i = 0; httpProbes != null && i < httpProbes.size(); i++) {
            Probe h = httpProbes.get(i);
            http.add(new HttpProbe(h.method(), h.path(), h.port(), h.headers(), h.body(), h.expectStatus(),
                    h.expect() == null ? null : h.expect().toExpectation("httpProbes[" + i + "].expect")));
        }
        List<dev.slimline.probe.ExecProbe> exec = execProbes == null ? List.of()
                : execProbes.stream().map(JobRequest::execProbe).toList();
        List<dev.slimline.probe.TcpProbe> tcp = new ArrayList<>();
        for (int i = 0; tcpProbes != null && i < tcpProbes.size(); i++) {
            tcp.add(tcpProbe(tcpProbes.get(i), "tcpProbes[" + i + "]"));
        }
        SlimSpec.Probes probeSpec = new SlimSpec.Probes(or(p.defaultProbes(), defaults.defaultProbes()), http,
                seconds(p.readinessTimeoutSeconds(), defaults.readinessTimeout()),
                seconds(p.requestTimeoutSeconds(), defaults.requestTimeout()), or(p.retries(), defaults.retries()),
                stop, p.stopAfterSeconds() == null ? null : Duration.ofSeconds(p.stopAfterSeconds()), exec, tcp,
                openApi(p.openApi()), p.crawl() == null ? null : new CrawlProbes(p.crawl().port(),
                        p.crawl().startPath(), or(p.crawl().maxPages(), CrawlProbes.DEFAULT_MAX_PAGES),
                        or(p.crawl().maxDepth(), CrawlProbes.DEFAULT_MAX_DEPTH)));

        SlimSpec.Overrides overrideSpec = SlimSpec.Overrides.NONE;
        if (overrides != null) {
            List<String> ports = overrides.exposePorts();
            if (ports != null) {
                for (int i = 0; i < ports.size(); i++) {
                    int port = Integer.parseInt(ports.get(i).split("/")[0]);
                    if (port < 1 || port > 65535) {
                        throw new InvalidRequestException("overrides.exposePorts[" + i + "]",
                                "must be between 1 and 65535");
                    }
                }
            }
            overrideSpec = new SlimSpec.Overrides(overrides.entrypoint(), overrides.cmd(), overrides.env(),
                    overrides.workdir(), overrides.user(), ports);
        }
        SlimSpec.Includes includeSpec = includes == null ? SlimSpec.Includes.NONE
                : new SlimSpec.Includes(includes.paths(), includes.binaries(), or(includes.shell(), false),
                        or(includes.caCertificates(), false));
        SlimSpec.Outputs all = SlimSpec.Outputs.ALL;
        SlimSpec.Outputs outputSpec = outputs == null ? all
                : new SlimSpec.Outputs(or(outputs.seccomp(), all.seccomp()), or(outputs.apparmor(), all.apparmor()),
                        or(outputs.verify(), all.verify()));
        SlimSpec.Limits limitDefaults = SlimSpec.Limits.DEFAULT;
        SlimSpec.Limits limitSpec = limits == null ? limitDefaults
                : new SlimSpec.Limits(or(limits.memoryBytes(), limitDefaults.memoryBytes()),
                        limits.cpus() == null ? limitDefaults.nanoCpus() : Math.round(limits.cpus() * 1e9),
                        or(limits.pids(), limitDefaults.pids()),
                        limits.jobTimeoutSeconds() == null ? limitDefaults.jobTimeout()
                                : Duration.ofSeconds(limits.jobTimeoutSeconds()));
        List<SlimSpec.Service> serviceSpecs = services(services);
        RegistryCredentials pullLogin = login(pullCredentials, "pullCredentials", image);
        SlimSpec.Push pushSpec = push == null ? null : new SlimSpec.Push(push.reference(),
                login(push.credentials(), "push.credentials", push.reference()));
        SlimSpec.Sensor sensorSpec = sensor == null ? SlimSpec.Sensor.DEFAULT : new SlimSpec.Sensor(sensor.mode());
        return new SlimSpec(image, targetTag, pull, pullLogin, probeSpec, overrideSpec, includeSpec, excludes,
                outputSpec, limitSpec, pushSpec, sensorSpec, serviceSpecs);
    }

    private static OpenApiProbes openApi(OpenApi o) {
        if (o == null) {
            return null;
        }
        if ((o.path() == null) == (o.document() == null)) {
            throw new InvalidRequestException("probes.openApi.path",
                    "give either path (where the application serves its document) or document, not both or neither");
        }
        return new OpenApiProbes(o.port(), o.path(), o.document(), o.methods());
    }

    private static List<SlimSpec.Service> services(List<Service> services) {
        List<SlimSpec.Service> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; services != null && i < services.size(); i++) {
            Service s = services.get(i);
            String field = "services[" + i + "]";
            if (s.name().equals(SlimSpec.APPLICATION_HOST)) {
                throw new InvalidRequestException(field + ".name", "must not be \"" + SlimSpec.APPLICATION_HOST
                        + "\": that is the application's host name on the job's network");
            }
            if (!names.add(s.name())) {
                throw new InvalidRequestException(field + ".name", "must be unique: another service is named \""
                        + s.name() + "\"");
            }
            SlimSpec.Ready ready = null;
            if (s.ready() != null) {
                Ready r = s.ready();
                int given = (r.tcpPort() == null ? 0 : 1) + (r.execProbe() == null ? 0 : 1)
                        + (r.logContains() == null ? 0 : 1);
                if (given != 1) {
                    throw new InvalidRequestException(field + ".ready",
                            "must give exactly one of tcpPort, execProbe and logContains");
                }
                ready = new SlimSpec.Ready(r.tcpPort(), r.execProbe() == null ? null : execProbe(r.execProbe()),
                        r.logContains());
            }
            out.add(new SlimSpec.Service(s.name(), s.image(), s.env(), s.cmd(), ready));
        }
        return out;
    }

    private static dev.slimline.probe.ExecProbe execProbe(ExecProbe e) {
        return new dev.slimline.probe.ExecProbe(e.cmd(), e.user(), e.env(), e.expectExitCode(), e.stdoutContains(),
                e.timeoutSeconds());
    }

    private static ExecProbe execProbe(dev.slimline.probe.ExecProbe e) {
        return new ExecProbe(e.cmd(), e.user(), e.env().isEmpty() ? null : e.env(), e.expectExitCode(),
                e.stdoutContains(), e.timeoutSeconds());
    }

    private static dev.slimline.probe.TcpProbe tcpProbe(TcpProbe t, String field) {
        if (t.send() != null && t.sendBase64() != null) {
            throw new InvalidRequestException(field + ".sendBase64", "must not be given together with send");
        }
        if (t.send() != null && t.send().getBytes(StandardCharsets.UTF_8).length > MAX_TCP_SEND_BYTES) {
            throw new InvalidRequestException(field + ".send", "must be at most " + MAX_TCP_SEND_BYTES
                    + " bytes in UTF-8");
        }
        if (t.sendBase64() != null) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(t.sendBase64());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(field + ".sendBase64", "must be base64: " + e.getMessage());
            }
            if (bytes.length > MAX_TCP_SEND_BYTES) {
                throw new InvalidRequestException(field + ".sendBase64", "must decode to at most "
                        + MAX_TCP_SEND_BYTES + " bytes");
            }
        }
        if (t.expectMatches() != null) {
            try {
                // fully qualified: Pattern is the validation annotation in this file
                java.util.regex.Pattern.compile(t.expectMatches());
            } catch (PatternSyntaxException e) {
                throw new InvalidRequestException(field + ".expectMatches", "must be a regular expression: "
                        + e.getDescription());
            }
        }
        return new dev.slimline.probe.TcpProbe(t.port(), t.send(), t.sendBase64(), t.expectContains(),
                t.expectMatches(), t.timeoutSeconds());
    }

    /**
     * The credentials for the registry {@code reference} names. The daemon sends them to that
     * registry whatever {@code serverAddress} says, so credentials meant for another are refused
     * rather than handed to it.
     */
    private static RegistryCredentials login(Credentials credentials, String field, String reference) {
        if (credentials == null) {
            return null;
        }
        String password = credentials.password();
        if (password == null || password.isEmpty()) {
            throw new InvalidRequestException(field + ".password", "is required");
        }
        if (password.length() > MAX_PASSWORD) {
            throw new InvalidRequestException(field + ".password", "must be at most " + MAX_PASSWORD + " characters");
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException(field + ".password", "must not contain control characters");
        }
        String registry = ImageApi.registryOf(reference);
        String server = credentials.serverAddress();
        if (server != null && !server.isEmpty() && !registryName(server).equals(registryName(registry))) {
            throw new InvalidRequestException(field + ".serverAddress", "must be the registry " + reference
                    + " is on (" + registry + "): the credentials are sent to that registry only");
        }
        return new RegistryCredentials(server == null || server.isEmpty() ? registry : server,
                credentials.username(), password);
    }

    /** {@code https://index.docker.io/v1/} and {@code docker.io} name the same registry; so do case variants. */
    private static String registryName(String address) {
        String name = address.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "");
        int slash = name.indexOf('/');
        name = slash < 0 ? name : name.substring(0, slash);
        return name.equals("index.docker.io") || name.equals("registry-1.docker.io") ? "docker.io" : name;
    }

    /** The stored specification in the API's shape (it has no credentials). */
    static JobRequest from(SlimSpec spec) {
        SlimSpec.Probes p = spec.probes();
        List<Probe> http = p.http().stream().map(h -> new Probe(h.method(), h.path(), h.port(),
                h.headers().isEmpty() ? null : h.headers(), h.body(), h.expectStatus(), Expect.from(h.expect())))
                .toList();
        SlimSpec.Overrides o = spec.overrides();
        SlimSpec.Includes i = spec.includes();
        SlimSpec.Limits l = spec.limits();
        return new JobRequest(spec.image(), spec.targetTag(), spec.pull(), null, http,
                new ProbeSettings(p.defaultProbes(), (int) p.readinessTimeout().toSeconds(),
                        (int) p.requestTimeout().toSeconds(), p.retries(), p.stop(),
                        p.stopAfter() == null ? null : (int) p.stopAfter().toSeconds(),
                        p.openApi() == null ? null : new OpenApi(p.openApi().port(), p.openApi().path(),
                                p.openApi().document(), p.openApi().methods().isEmpty() ? null : p.openApi().methods()),
                        p.crawl() == null ? null : new Crawl(p.crawl().port(), p.crawl().startPath(),
                                p.crawl().maxPages(), p.crawl().maxDepth())),
                new Overrides(o.entrypoint(), o.cmd(), o.env(), o.workdir(), o.user(), o.exposePorts()),
                new Includes(i.paths(), i.binaries(), i.shell(), i.caCertificates()), spec.excludes(),
                new Outputs(spec.outputs().seccomp(), spec.outputs().apparmor(), spec.outputs().verify()),
                new Limits(l.memoryBytes(), l.nanoCpus() / 1e9, l.pids(),
                        l.jobTimeout() == null ? null : l.jobTimeout().toSeconds()),
                spec.push() == null ? null : new Push(spec.push().reference(), null),
                new Sensor(spec.sensor().mode()), null,
                p.exec().stream().map(JobRequest::execProbe).toList(),
                p.tcp().stream().map(t -> new TcpProbe(t.port(), t.send(), t.sendBase64(), t.expectContains(),
                        t.expectMatches(), t.timeoutSeconds())).toList(),
                spec.services().stream().map(s -> new Service(s.name(), s.image(), s.env().isEmpty() ? null : s.env(),
                        s.cmd(), s.ready() == null ? null : new Ready(s.ready().tcpPort(),
                                s.ready().execProbe() == null ? null : execProbe(s.ready().execProbe()),
                                s.ready().logContains()))).toList());
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static Duration seconds(Integer value, Duration fallback) {
        return value == null ? fallback : Duration.ofSeconds(value);
    }
}
