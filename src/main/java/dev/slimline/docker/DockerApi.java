package dev.slimline.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.LoadResponseItem;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * A small typed facade over the Docker Engine API of one daemon: the only surface the rest of
 * Slimline sees. Every failure becomes a {@link DockerOperationException} that says what was being
 * done; nothing of docker-java leaks out.
 */
public final class DockerApi implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String publishAddress;
    private final DaemonVersion version;
    private final DockerClient client;
    private final DockerClient streamingClient;
    private final DockerHttpClient http;
    private final DockerHttpClient pingHttp;
    private final List<Closeable> resources;

    /**
     * @param http raw requests with the normal response timeout
     * @param pingHttp raw requests that must answer within the connect timeout (health checks)
     */
    DockerApi(String name, String publishAddress, DaemonVersion version, DockerClient client,
            DockerClient streamingClient, DockerHttpClient http, DockerHttpClient pingHttp, List<Closeable> resources) {
        this.name = name;
        this.publishAddress = publishAddress;
        this.version = version;
        this.client = client;
        this.streamingClient = streamingClient;
        this.http = http;
        this.pingHttp = pingHttp;
        this.resources = List.copyOf(resources);
    }

    /** The daemon's name in configuration. */
    public String name() {
        return name;
    }

    /**
     * The address of the daemon's host where published container ports are reached and bound:
     * loopback for a local socket, the daemon's host name for a tcp daemon.
     */
    public String publishAddress() {
        return publishAddress;
    }

    /** What the daemon said when we connected. */
    public DaemonVersion version() {
        return version;
    }

    /** Asks the daemon again; fails when it does not answer within the connect timeout. */
    public DaemonVersion ping() {
        JsonNode v = getJson(pingHttp, "/version", "ask the daemon for its version");
        return new DaemonVersion(version.apiVersion(), v.path("ApiVersion").asText(), v.path("MinAPIVersion").asText(),
                v.path("Version").asText(), v.path("Os").asText(), v.path("Arch").asText());
    }

    public Optional<ImageDetails> inspectImage(String reference) {
        try {
            return Optional.of(parseImage(getJson("/images/" + encodePath(reference) + "/json",
                    "inspect image " + reference)));
        } catch (DockerOperationException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Pulls an image (one tag: {@code latest} when the reference names none). A registry's
     * refusal, such as wrong credentials, fails with the daemon's words and the registry's name;
     * the password never appears in messages.
     */
    public void pullImage(String reference, RegistryCredentials credentials, Consumer<String> progress) {
        String what = "pull image " + reference + " from registry " + registryOf(reference);
        call(what, () -> {
            var cmd = streamingClient.pullImageCmd(reference);
            if (isUntagged(reference)) {
                cmd.withTag("latest");
            }
            if (credentials != null) {
                cmd.withAuthConfig(authConfig(credentials));
            }
            cmd.exec(new ProgressCallback<PullResponseItem>(what, progress)).awaitOutcome();
            return null;
        });
    }

    /** Pushes an image to the registry its reference names; fails as {@link #pullImage} does. */
    public void pushImage(String reference, RegistryCredentials credentials, Consumer<String> progress) {
        String what = "push image " + reference + " to registry " + registryOf(reference);
        call(what, () -> {
            var cmd = streamingClient.pushImageCmd(reference);
            if (credentials != null) {
                cmd.withAuthConfig(authConfig(credentials));
            }
            cmd.exec(new ProgressCallback<PushResponseItem>(what, progress)).awaitOutcome();
            return null;
        });
    }

    /**
     * Loads images from a {@code docker save} tar stream ({@code POST /images/load}), streamed to
     * the daemon as it is read; returns what the daemon reports loading ({@code name:tag}, or the
     * image id for untagged images). The caller closes the stream.
     */
    public List<String> loadImage(InputStream tar) {
        String what = "load images";
        return call(what, () -> {
            List<String> loaded = new ArrayList<>();
            streamingClient.loadImageAsyncCmd(tar).exec(new ProgressCallback<LoadResponseItem>(what, line -> {
                if (line.startsWith(LOADED_IMAGE)) {
                    loaded.add(line.substring(LOADED_IMAGE.length()).strip());
                } else if (line.startsWith(LOADED_IMAGE_ID)) {
                    loaded.add(line.substring(LOADED_IMAGE_ID.length()).strip());
                }
            })).awaitOutcome();
            return List.copyOf(loaded);
        });
    }

    public void tagImage(String image, String repository, String tag) {
        call("tag image " + image + " as " + repository + ":" + tag, () -> {
            client.tagImageCmd(image, repository, tag).withForce(true).exec();
            return null;
        });
    }

    /** Removes an image; one that is already gone is not an error. */
    public void removeImage(String reference, boolean force) {
        ignoringNotFound("remove image " + reference, () -> client.removeImageCmd(reference).withForce(force).exec());
    }

    public List<ImageSummary> listImagesByLabel(String key, String value) {
        return call("list images labelled " + key + "=" + value, () -> {
            List<ImageSummary> out = new ArrayList<>();
            for (Image image : client.listImagesCmd().withLabelFilter(Map.of(key, value)).exec()) {
                out.add(new ImageSummary(image.getId(),
                        image.getRepoTags() == null ? List.of() : List.of(image.getRepoTags()),
                        image.getSize() == null ? 0 : image.getSize(), image.getLabels()));
            }
            return out;
        });
    }

    public String createContainer(ContainerSpec spec) {
        return call("create a container of " + spec.image(), () -> {
            HostConfig host = HostConfig.newHostConfig().withPrivileged(false);
            if (!spec.publishedPorts().isEmpty()) {
                Ports bindings = new Ports();
                for (String port : spec.publishedPorts()) {
                    bindings.bind(ExposedPort.parse(port), Ports.Binding.bindIp(spec.publishHostIp()));
                }
                host.withPortBindings(bindings);
            }
            if (spec.memoryBytes() > 0) {
                host.withMemory(spec.memoryBytes()).withMemorySwap(spec.memoryBytes());
            }
            if (spec.nanoCpus() > 0) {
                host.withNanoCPUs(spec.nanoCpus());
            }
            if (spec.pidsLimit() > 0) {
                host.withPidsLimit(spec.pidsLimit());
            }
            if (!spec.securityOpts().isEmpty()) {
                host.withSecurityOpts(spec.securityOpts());
            }
            CreateContainerCmd cmd = client.createContainerCmd(spec.image()).withHostConfig(host)
                    .withLabels(spec.labels());
            if (spec.name() != null) {
                cmd.withName(spec.name());
            }
            if (spec.entrypoint() != null && !spec.entrypoint().isEmpty()) {
                cmd.withEntrypoint(spec.entrypoint());
            }
            if (spec.cmd() != null) {
                cmd.withCmd(spec.cmd());
            }
            if (spec.env() != null) {
                cmd.withEnv(spec.env());
            }
            if (spec.workingDir() != null) {
                cmd.withWorkingDir(spec.workingDir());
            }
            if (spec.user() != null) {
                cmd.withUser(spec.user());
            }
            if (!spec.publishedPorts().isEmpty()) {
                cmd.withExposedPorts(spec.publishedPorts().stream().map(ExposedPort::parse).toList());
            }
            if (spec.stopTimeoutSeconds() != null) {
                cmd.withStopTimeout(spec.stopTimeoutSeconds());
            }
            return cmd.exec().getId();
        });
    }

    public void startContainer(String id) {
        call("start container " + shortId(id), () -> {
            client.startContainerCmd(id).exec();
            return null;
        });
    }

    /** Sends the stop signal, waits up to the grace period, then kills. A stopped container is fine. */
    public void stopContainer(String id, int graceSeconds) {
        ignoringNotModified("stop container " + shortId(id),
                () -> streamingClient.stopContainerCmd(id).withTimeout(graceSeconds).exec());
    }

    public void killContainer(String id, String signal) {
        call("send " + signal + " to container " + shortId(id), () -> {
            client.killContainerCmd(id).withSignal(signal).exec();
            return null;
        });
    }

    /** Removes a container and its anonymous volumes, running or not; one that is gone is not an error. */
    public void removeContainer(String id) {
        ignoringNotFound("remove container " + shortId(id),
                () -> client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
    }

    /** Waits for the container to exit and returns its exit code. */
    public int waitContainer(String id, Duration timeout) {
        return call("wait for container " + shortId(id), () -> {
            Integer code = streamingClient.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return code == null ? -1 : code;
        });
    }

    public ContainerState inspectContainer(String id) {
        return call("inspect container " + shortId(id), () -> toState(client.inspectContainerCmd(id).exec()));
    }

    public List<ContainerState> listContainersByLabel(String key, String value) {
        return call("list containers labelled " + key + (value == null ? "" : "=" + value), () -> {
            var cmd = client.listContainersCmd().withShowAll(true);
            cmd = value == null ? cmd.withLabelFilter(List.of(key)) : cmd.withLabelFilter(Map.of(key, value));
            List<ContainerState> out = new ArrayList<>();
            for (Container c : cmd.exec()) {
                out.add(new ContainerState(c.getId(), c.getState(), "running".equals(c.getState()), 0, false, null,
                        Map.of(), false, List.of(), c.getLabels(), null, 0, 0, 0, Set.of()));
            }
            return out;
        });
    }

    /** Unpacks a tar stream into the container's filesystem at {@code directory}; works on created containers. */
    public void putArchive(String id, String directory, InputStream tar) {
        call("copy files into container " + shortId(id), () -> {
            client.copyArchiveToContainerCmd(id).withRemotePath(directory).withTarInputStream(tar).exec();
            return null;
        });
    }

    /** A tar stream of {@code path} in the container; the caller closes it. */
    public InputStream getArchive(String id, String path) {
        return call("copy " + path + " out of container " + shortId(id),
                () -> streamingClient.copyArchiveFromContainerCmd(id, path).exec());
    }

    /** The container's whole filesystem as a tar stream; the caller closes it. */
    public InputStream exportContainer(String id) {
        return call("export container " + shortId(id), () -> streamingClient.exportContainerCmd(id).exec());
    }

    /**
     * Creates an image from a root filesystem tar ({@code docker import}, {@code POST
     * /images/create?fromSrc=-}) streamed as the request body, and returns the new image's id.
     * {@code changes} are Dockerfile instructions the daemon applies to the image's config; dockerd
     * 20.10 accepts CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME, WORKDIR and
     * HEALTHCHECK, not STOPSIGNAL. {@code repository} and {@code tag} may be null for an untagged image.
     * The tar is read to its end but not closed.
     */
    public String importImage(InputStream tar, String repository, String tag, List<String> changes) {
        String what = "import a filesystem as an image" + (repository == null ? "" : " " + repository);
        StringBuilder query = new StringBuilder("?fromSrc=-");
        if (repository != null) {
            query.append("&repo=").append(URLEncoder.encode(repository, StandardCharsets.UTF_8));
        }
        if (tag != null) {
            query.append("&tag=").append(URLEncoder.encode(tag, StandardCharsets.UTF_8));
        }
        for (String change : changes) {
            query.append("&changes=").append(URLEncoder.encode(change, StandardCharsets.UTF_8));
        }
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST)
                .path("/v" + version.apiVersion() + "/images/create" + query)
                .putHeader("Content-Type", "application/x-tar").body(tar).build();
        try (DockerHttpClient.Response response = http.execute(request)) {
            byte[] body = response.getBody().readAllBytes();
            if (response.getStatusCode() / 100 != 2) {
                throw refusal(what, response.getStatusCode(), body);
            }
            // a stream of progress objects; the last status names the image, an error object says why not
            String imageId = null;
            try (var items = JSON.readerFor(JsonNode.class).<JsonNode>readValues(body)) {
                while (items.hasNextValue()) {
                    JsonNode item = items.nextValue();
                    if (item.hasNonNull("error")) {
                        throw new DockerOperationException(what + " on " + name + ": "
                                + item.path("error").asText().strip(), 0, null);
                    }
                    String status = item.path("status").asText("");
                    if (status.startsWith("sha256:")) {
                        imageId = status.strip();
                    }
                }
            }
            if (imageId == null) {
                throw new DockerOperationException(what + " on " + name + ": the daemon named no image", 0, null);
            }
            return imageId;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DockerOperationException d) {
                throw d;
            }
            throw new DockerOperationException(what + " on " + name + ": " + describe(e), 0, e);
        }
    }

    /** {@code docker save} of one image as a tar stream; the caller closes it. */
    public InputStream saveImage(String reference) {
        return call("save image " + reference, () -> streamingClient.saveImageCmd(reference).exec());
    }

    /**
     * Builds an image from a tar build context (with a {@code Dockerfile} at its root) and returns
     * the new image's id. The daemon never pulls: a {@code FROM scratch} context needs nothing else.
     */
    public String buildImage(InputStream context, Set<String> tags, Map<String, String> labels,
            Consumer<String> progress) {
        return buildImage(context, tags, labels, Map.of(), progress);
    }

    /** As {@link #buildImage(InputStream, Set, Map, Consumer)}, with values for the Dockerfile's {@code ARG}s. */
    public String buildImage(InputStream context, Set<String> tags, Map<String, String> labels,
            Map<String, String> buildArgs, Consumer<String> progress) {
        return call("build image " + String.join(", ", tags), () -> {
            var cmd = streamingClient.buildImageCmd(context)
                    .withTags(tags)
                    .withLabels(labels)
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true);
            buildArgs.forEach(cmd::withBuildArg);
            return cmd.exec(new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                    super.onNext(item);
                    if (item.getStream() != null && !item.getStream().isBlank()) {
                        progress.accept(item.getStream().strip());
                    }
                }
            }).awaitImageId();
        });
    }

    /**
     * Runs a command in a running container as its user, waits for it, and returns its exit code
     * and output (the first {@code maxOutputBytes}). A command still running after {@code timeout}
     * gives exit code -1; the daemon has no way to kill an exec, it ends with its container.
     */
    public ExecResult exec(String id, List<String> command, Duration timeout, int maxOutputBytes) {
        return call("run " + command + " in container " + shortId(id), () -> {
            String execId = client.execCreateCmd(id).withCmd(command.toArray(String[]::new)).withAttachStdout(true)
                    .withAttachStderr(true).exec().getId();
            StringBuilder output = new StringBuilder();
            boolean finished = streamingClient.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    synchronized (output) {
                        if (output.length() < maxOutputBytes) {
                            String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                            output.append(text, 0, Math.min(text.length(), maxOutputBytes - output.length()));
                        }
                    }
                }
            }).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Long exitCode = finished ? client.inspectExecCmd(execId).exec().getExitCodeLong() : null;
            synchronized (output) {
                return new ExecResult(exitCode == null ? -1 : exitCode.intValue(), output.toString());
            }
        });
    }

    /**
     * Streams a container's output, line by line, to {@code lines} until the container ends (when
     * following) or the output so far is read. Close the result to stop early.
     */
    public Closeable streamLogs(String id, boolean follow, Consumer<String> lines) {
        return call("read the output of container " + shortId(id), () -> {
            var callback = streamingClient.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .withFollowStream(follow).exec(new ResultCallback.Adapter<Frame>() {
                        private final StringBuilder pending = new StringBuilder();

                        @Override
                        public void onNext(Frame frame) {
                            pending.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            int nl;
                            while ((nl = pending.indexOf("\n")) >= 0) {
                                lines.accept(pending.substring(0, nl));
                                pending.delete(0, nl + 1);
                            }
                        }

                        @Override
                        public void onComplete() {
                            if (!pending.isEmpty()) {
                                lines.accept(pending.toString());
                            }
                            super.onComplete();
                        }
                    });
            if (!follow) {
                callback.awaitCompletion();
            }
            return callback;
        });
    }

    @Override
    public void close() {
        for (Closeable resource : resources) {
            try {
                resource.close();
            } catch (IOException e) {
                // closing a connection pool on shutdown: nothing left to do with the error
            }
        }
    }

    /** The daemon said no: its {@code message}, or the raw body when it sent no JSON. */
    private DockerOperationException refusal(String what, int status, byte[] body) {
        String message = new String(body, StandardCharsets.UTF_8);
        try {
            message = JSON.readTree(body).path("message").asText(message);
        } catch (IOException notJson) {
            // keep the raw body as the message
        }
        return new DockerOperationException(what + " on " + name + ": " + message.strip(), status, null);
    }

    private JsonNode getJson(String path, String what) {
        return getJson(http, path, what);
    }

    private JsonNode getJson(DockerHttpClient via, String path, String what) {
        String fullPath = "/v" + version.apiVersion() + path;
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(fullPath)
                .build();
        try (DockerHttpClient.Response response = via.execute(request)) {
            byte[] body = response.getBody().readAllBytes();
            if (response.getStatusCode() / 100 != 2) {
                throw refusal(what, response.getStatusCode(), body);
            }
            return JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DockerOperationException d) {
                throw d;
            }
            throw new DockerOperationException(what + " on " + name + ": " + describe(e), 0, e);
        }
    }

    private static ImageDetails parseImage(JsonNode node) {
        JsonNode c = node.path("Config");
        ImageConfig.Healthcheck health = null;
        JsonNode hc = c.path("Healthcheck");
        if (hc.isObject() && hc.path("Test").isArray()) {
            health = new ImageConfig.Healthcheck(strings(hc.path("Test")), hc.path("Interval").asLong(),
                    hc.path("Timeout").asLong(), hc.path("StartPeriod").asLong(), hc.path("Retries").asInt());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        c.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        ImageConfig config = new ImageConfig(strings(c.path("Entrypoint")), strings(c.path("Cmd")),
                strings(c.path("Env")), textOrNull(c.path("WorkingDir")), textOrNull(c.path("User")),
                fieldNames(c.path("ExposedPorts")), fieldNames(c.path("Volumes")), labels,
                textOrNull(c.path("StopSignal")), health);
        return new ImageDetails(node.path("Id").asText(), strings(node.path("RepoTags")),
                strings(node.path("RepoDigests")), node.path("Size").asLong(), node.path("Os").asText(),
                node.path("Architecture").asText(), config);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        if (object.isObject()) {
            object.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    private static ContainerState toState(InspectContainerResponse r) {
        Map<String, Integer> hostPorts = new HashMap<>();
        Set<String> hostIps = new HashSet<>();
        if (r.getNetworkSettings() != null && r.getNetworkSettings().getPorts() != null) {
            r.getNetworkSettings().getPorts().getBindings().forEach((port, bindings) -> {
                if (bindings != null && bindings.length > 0 && bindings[0].getHostPortSpec() != null) {
                    hostPorts.put(port.toString(), Integer.parseInt(bindings[0].getHostPortSpec()));
                }
            });
        }
        var state = r.getState();
        HostConfig host = r.getHostConfig();
        if (host != null && host.getPortBindings() != null) {
            // as configured, so it is known before the container starts
            host.getPortBindings().getBindings().values().forEach(bindings -> {
                for (Ports.Binding binding : bindings == null ? new Ports.Binding[0] : bindings) {
                    hostIps.add(binding.getHostIp());
                }
            });
        }
        List<String> capAdd = new ArrayList<>();
        if (host != null && host.getCapAdd() != null) {
            for (var cap : host.getCapAdd()) {
                capAdd.add(cap.name());
            }
        }
        return new ContainerState(r.getId(), state.getStatus(), Boolean.TRUE.equals(state.getRunning()),
                state.getExitCodeLong() == null ? 0 : state.getExitCodeLong().intValue(),
                Boolean.TRUE.equals(state.getOOMKilled()), state.getError(), hostPorts,
                host != null && Boolean.TRUE.equals(host.getPrivileged()), capAdd,
                r.getConfig() == null ? Map.of() : r.getConfig().getLabels(),
                state.getHealth() == null ? null : state.getHealth().getStatus(),
                host == null || host.getMemory() == null ? 0 : host.getMemory(),
                host == null || host.getNanoCPUs() == null ? 0 : host.getNanoCPUs(),
                host == null || host.getPidsLimit() == null ? 0 : host.getPidsLimit(), hostIps);
    }

    private static AuthConfig authConfig(RegistryCredentials credentials) {
        return new AuthConfig().withRegistryAddress(credentials.serverAddress())
                .withUsername(credentials.username()).withPassword(credentials.password());
    }

    private static final String LOADED_IMAGE = "Loaded image:";
    private static final String LOADED_IMAGE_ID = "Loaded image ID:";

    /**
     * Collects a JSON progress stream: status and stream lines go to {@code progress}, and the
     * first error the daemon reports in the stream fails the operation with its message (the
     * daemon reports registry errors this way, after answering 200).
     */
    private final class ProgressCallback<T extends ResponseItem> extends ResultCallback.Adapter<T> {

        private final String what;
        private final Consumer<String> progress;
        private volatile String error;

        ProgressCallback(String what, Consumer<String> progress) {
            this.what = what;
            this.progress = progress;
        }

        @Override
        public void onNext(T item) {
            if (item.getErrorDetail() != null || item.getError() != null) {
                if (error == null) {
                    error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                            ? item.getErrorDetail().getMessage() : item.getError();
                }
                return;
            }
            if (item.getStatus() != null && item.getId() == null) {
                progress.accept(item.getStatus());
            } else if (item.getStream() != null && !item.getStream().isBlank()) {
                progress.accept(item.getStream().strip());
            }
        }

        void awaitOutcome() throws InterruptedException {
            awaitCompletion();
            if (error != null) {
                throw new DockerOperationException(what + " on " + name + ": " + error.strip(), 0, null);
            }
        }
    }

    /** The registry a reference points at, as Docker decides it: a first part with a dot, a colon or {@code localhost}. */
    public static String registryOf(String reference) {
        int slash = reference.indexOf('/');
        if (slash > 0) {
            String first = reference.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return "docker.io";
    }

    private static boolean isUntagged(String reference) {
        String lastPart = reference.substring(reference.lastIndexOf('/') + 1);
        return !lastPart.contains(":") && !lastPart.contains("@");
    }

    private <T> T call(String what, Work<T> action) {
        try {
            return action.get();
        } catch (DockerOperationException e) {
            throw e;
        } catch (DockerException e) {
            throw new DockerOperationException(what + " on " + name + ": " + daemonMessage(e), e.getHttpStatus(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerOperationException(what + " on " + name + ": interrupted", 0, e);
        } catch (Exception e) {
            throw new DockerOperationException(what + " on " + name + ": " + describe(e), 0, e);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T get() throws Exception;
    }

    private void ignoringNotFound(String what, Runnable action) {
        try {
            call(what, () -> {
                action.run();
                return null;
            });
        } catch (DockerOperationException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    private void ignoringNotModified(String what, Runnable action) {
        try {
            call(what, () -> {
                action.run();
                return null;
            });
        } catch (DockerOperationException e) {
            if (e.statusCode() != 304) {
                throw e;
            }
        }
    }

    /** docker-java puts "Status 404: {"message":"..."}" in its messages; keep the daemon's words only. */
    private static String daemonMessage(DockerException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int brace = message.indexOf('{');
        if (brace >= 0) {
            try {
                return JSON.readTree(message.substring(brace)).path("message").asText(message).strip();
            } catch (IOException notJson) {
                return message.strip();
            }
        }
        return message.strip();
    }

    static String describe(Throwable e) {
        Throwable root = e;
        SSLException tls = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof SSLException ssl && tls == null) {
                tls = ssl;
            }
        }
        if (tls != null) {
            if (root instanceof CertPathBuilderException || root instanceof CertPathValidatorException) {
                return "the TLS handshake with the daemon failed: its certificate is not signed by the CA in ca.pem ("
                        + root.getMessage() + ")";
            }
            return "the TLS handshake with the daemon failed (" + tlsReason(tls) + "; the client certificate must"
                    + " come from the CA the daemon trusts, and ca.pem must be the CA of the daemon's certificate)";
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof UncheckedIOException || root instanceof IOException) {
            return "the daemon could not be reached (" + message + ")";
        }
        return message;
    }

    private static String tlsReason(SSLException e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (deepest != e && deepest.getMessage() != null && !message.contains(deepest.getMessage())) {
            message += ": " + deepest.getMessage();
        }
        return message;
    }

    private static String encodePath(String reference) {
        // names keep their slashes and colons: the daemon's router matches them as one segment list
        return URLEncoder.encode(reference, StandardCharsets.UTF_8).replace("%2F", "/").replace("%3A", ":");
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
