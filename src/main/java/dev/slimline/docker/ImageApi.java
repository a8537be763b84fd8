package dev.slimline.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.LoadResponseItem;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Images on one daemon: inspect, pull, push, load, save, tag, build, import, remove. */
public final class ImageApi {

    private static final String LOADED_IMAGE = "Loaded image:";
    private static final String LOADED_IMAGE_ID = "Loaded image ID:";

    private final DaemonConnection daemon;

    ImageApi(DaemonConnection daemon) {
        this.daemon = daemon;
    }

    public Optional<ImageDetails> inspect(String reference) {
        try {
            return Optional.of(parseImage(daemon.getJson("/images/" + DaemonConnection.encodePath(reference) + "/json",
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
    public void pull(String reference, RegistryCredentials credentials, Consumer<String> progress) {
        String what = "pull image " + reference + " from registry " + registryOf(reference);
        daemon.call(what, () -> {
            var cmd = daemon.streamingClient.pullImageCmd(reference);
            if (isUntagged(reference)) {
                cmd.withTag("latest");
            }
            if (credentials != null) {
                cmd.withAuthConfig(authConfig(credentials));
            }
            cmd.exec(daemon.new ProgressCallback<PullResponseItem>(what, progress)).awaitOutcome();
            return null;
        });
    }

    /** Pushes an image to the registry its reference names; fails as {@link #pull} does. */
    public void push(String reference, RegistryCredentials credentials, Consumer<String> progress) {
        String what = "push image " + reference + " to registry " + registryOf(reference);
        daemon.call(what, () -> {
            var cmd = daemon.streamingClient.pushImageCmd(reference);
            if (credentials != null) {
                cmd.withAuthConfig(authConfig(credentials));
            }
            cmd.exec(daemon.new ProgressCallback<PushResponseItem>(what, progress)).awaitOutcome();
            return null;
        });
    }

    /**
     * Loads images from a {@code docker save} tar stream ({@code POST /images/load}), streamed to
     * the daemon as it is read; returns what the daemon reports loading ({@code name:tag}, or the
     * image id for untagged images). The caller closes the stream.
     */
    public List<String> load(InputStream tar) {
        String what = "load images";
        return daemon.call(what, () -> {
            List<String> loaded = new ArrayList<>();
            daemon.streamingClient.loadImageAsyncCmd(tar).exec(daemon.new ProgressCallback<LoadResponseItem>(what,
                    line -> {
                        if (line.startsWith(LOADED_IMAGE)) {
                            loaded.add(line.substring(LOADED_IMAGE.length()).strip());
                        } else if (line.startsWith(LOADED_IMAGE_ID)) {
                            loaded.add(line.substring(LOADED_IMAGE_ID.length()).strip());
                        }
                    })).awaitOutcome();
            return List.copyOf(loaded);
        });
    }

    /** {@code docker save} of one image as a tar stream; the caller closes it. */
    public InputStream save(String reference) {
        return daemon.call("save image " + reference, () -> daemon.streamingClient.saveImageCmd(reference).exec());
    }

    public void tag(String image, String repository, String tag) {
        daemon.call("tag image " + image + " as " + repository + ":" + tag, () -> {
            daemon.client.tagImageCmd(image, repository, tag).withForce(true).exec();
            return null;
        });
    }

    /** Removes an image; one that is already gone is not an error. */
    public void remove(String reference, boolean force) {
        daemon.ignoringNotFound("remove image " + reference,
                () -> daemon.client.removeImageCmd(reference).withForce(force).exec());
    }

    public List<ImageSummary> listByLabel(String key, String value) {
        return daemon.call("list images labelled " + key + "=" + value, () -> {
            List<ImageSummary> out = new ArrayList<>();
            for (Image image : daemon.client.listImagesCmd().withLabelFilter(Map.of(key, value)).exec()) {
                out.add(new ImageSummary(image.getId(),
                        image.getRepoTags() == null ? List.of() : List.of(image.getRepoTags()),
                        image.getSize() == null ? 0 : image.getSize(), image.getLabels()));
            }
            return out;
        });
    }

    /**
     * Builds an image from a tar build context (with a {@code Dockerfile} at its root) and returns
     * the new image's id. The daemon never pulls: a {@code FROM scratch} context needs nothing else.
     */
    public String build(InputStream context, Set<String> tags, Map<String, String> labels,
            Consumer<String> progress) {
        return build(context, tags, labels, Map.of(), progress);
    }

    /** As {@link #build(InputStream, Set, Map, Consumer)}, with values for the Dockerfile's {@code ARG}s. */
    public String build(InputStream context, Set<String> tags, Map<String, String> labels,
            Map<String, String> buildArgs, Consumer<String> progress) {
        return daemon.call("build image " + String.join(", ", tags), () -> {
            var cmd = daemon.streamingClient.buildImageCmd(context)
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
     * Creates an image from a root filesystem tar ({@code docker import}, {@code POST
     * /images/create?fromSrc=-}) streamed as the request body, and returns the new image's id.
     * {@code changes} are Dockerfile instructions the daemon applies to the image's config; dockerd
     * 20.10 accepts CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME, WORKDIR and
     * HEALTHCHECK, not STOPSIGNAL. {@code repository} and {@code tag} may be null for an untagged image.
     * The tar is read to its end but not closed.
     */
    public String importFilesystem(InputStream tar, String repository, String tag, List<String> changes) {
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
                .path("/v" + daemon.version.apiVersion() + "/images/create" + query)
                .putHeader("Content-Type", "application/x-tar").body(tar).build();
        try (DockerHttpClient.Response response = daemon.http.execute(request)) {
            byte[] body = response.getBody().readAllBytes();
            if (response.getStatusCode() / 100 != 2) {
                throw daemon.refusal(what, response.getStatusCode(), body);
            }
            // a stream of progress objects; the last status names the image, an error object says why not
            String imageId = null;
            try (var items = DaemonConnection.JSON.readerFor(JsonNode.class).<JsonNode>readValues(body)) {
                while (items.hasNextValue()) {
                    JsonNode item = items.nextValue();
                    if (item.hasNonNull("error")) {
                        throw daemon.failure(what, item.path("error").asText());
                    }
                    String status = item.path("status").asText("");
                    if (status.startsWith("sha256:")) {
                        imageId = status.strip();
                    }
                }
            }
            if (imageId == null) {
                throw daemon.failure(what, "the daemon named no image");
            }
            return imageId;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DockerOperationException d) {
                throw d;
            }
            throw new DockerOperationException(what + " on " + daemon.name + ": " + DaemonConnection.describe(e), 0, e);
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

    private static AuthConfig authConfig(RegistryCredentials credentials) {
        return new AuthConfig().withRegistryAddress(credentials.serverAddress())
                .withUsername(credentials.username()).withPassword(credentials.password());
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
}
