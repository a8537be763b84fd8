package dev.slimline.pipeline;

import dev.slimline.docker.DockerOperationException;
import dev.slimline.docker.ImageDetails;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.rootfs.FilterStats;
import dev.slimline.rootfs.RootfsException;
import dev.slimline.rootfs.RootfsLimits;
import dev.slimline.rootfs.TarFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Phase 7: build the slim image in two steps. The export of the never-started container is
 * filtered, tar stream to tar stream, straight into an import, which keeps owners, modes, setuid
 * bits, xattrs and hard links exactly as exported and needs no size up front (a build context
 * would have to nest the filtered tar, whose size is only known at its end). A one-line-per-setting
 * Dockerfile {@code FROM} that filesystem then gives it the original configuration; the Engine's
 * import cannot set all of it (STOPSIGNAL, on older engines).
 */
final class BuildPhase {

    private static final int PIPE_BUFFER = 1 << 20;

    private final RootfsLimits limits;

    BuildPhase(RootfsLimits limits) {
        this.limits = limits;
    }

    Built run(JobRun run, Inspection inspection, Selection selection) {
        ImageDetails original = inspection.image();
        String tag = run.spec().targetTag() != null ? run.spec().targetTag() : defaultTag(run.spec().image());
        run.log("Filtering the image's filesystem to " + selection.keepSet().kept().size() + " entries");
        RootfsImport rootfs = importRootfs(run, selection);
        FilterStats stats = rootfs.stats();
        run.log("Kept " + stats.keptEntries() + " entries (" + InspectPhase.megabytes(stats.keptBytes())
                + "), dropped " + stats.droppedEntries() + " (" + InspectPhase.megabytes(stats.droppedBytes()) + ")");
        stats.notes().forEach(note -> run.log("Note: " + note));

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("slimline.source.image", run.spec().image());
        labels.put("slimline.source.digest", original.repoDigests().isEmpty() ? original.id()
                : original.repoDigests().get(0));
        labels.put(SlimlineLabels.JOB, run.jobId());
        String dockerfile;
        try {
            // the original configuration: the job's overrides only shaped the observation
            dockerfile = SlimDockerfile.render(rootfs.imageId(), original.config(), labels);
        } catch (IllegalArgumentException e) {
            throw new PipelineException(Phase.BUILD, "the image's configuration cannot be carried over: "
                    + e.getMessage(), e);
        }
        String imageId;
        try {
            imageId = run.docker().buildImage(new ByteArrayInputStream(contextTar(dockerfile)), Set.of(tag), Map.of(),
                    line -> run.log("build: " + line));
        } catch (DockerOperationException e) {
            throw new PipelineException(Phase.BUILD, "the daemon could not build the slim image: "
                    + e.getMessage(), e);
        }
        long size = run.docker().inspectImage(imageId).map(ImageDetails::sizeBytes).orElse(0L);
        run.log("Built " + tag + " (" + imageId + "), " + InspectPhase.megabytes(size) + " instead of "
                + InspectPhase.megabytes(original.sizeBytes()));
        String published = "# The filtered root filesystem was imported as " + rootfs.imageId() + ";\n"
                + "# building from scratch, that is: FROM scratch / ADD rootfs.tar /\n" + dockerfile;
        return new Built(tag, imageId, size, published, stats);
    }

    private record RootfsImport(String imageId, FilterStats stats) {
    }

    private RootfsImport importRootfs(JobRun run, Selection selection) {
        PipedInputStream body = new PipedInputStream(PIPE_BUFFER);
        CompletableFuture<FilterStats> filtering;
        try {
            PipedOutputStream sink = new PipedOutputStream(body);
            filtering = CompletableFuture.supplyAsync(() -> {
                try (InputStream export = run.docker().exportContainer(selection.exportContainerId());
                        sink) {
                    return TarFilter.filter(export, selection.keepSet(), sink, limits);
                } catch (IOException e) {
                    throw new RootfsException("could not stream the filtered filesystem: " + e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new PipelineException(Phase.BUILD, "could not set up the filesystem stream", e);
        }
        String imageId;
        try {
            imageId = run.docker().importImage(body, null, null, List.of(
                    "LABEL " + SlimlineLabels.JOB + "=" + run.jobId(),
                    "LABEL " + SlimlineLabels.ROLE + "=rootfs"));
        } catch (DockerOperationException e) {
            // a filter that failed first ended the stream early: its reason is the one to report
            boolean filterFailedFirst = filtering.isCompletedExceptionally();
            closeQuietly(body);
            String filterFailure = filterFailedFirst ? failureOf(filtering) : null;
            throw new PipelineException(Phase.BUILD, filterFailure != null
                    ? "filtering the filesystem failed: " + filterFailure
                    : "the daemon did not import the filtered filesystem: " + e.getMessage(), e);
        } finally {
            closeQuietly(body);
        }
        try {
            return new RootfsImport(imageId, filtering.get());
        } catch (ExecutionException e) {
            throw new PipelineException(Phase.BUILD, "filtering the filesystem failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(Phase.BUILD, "the job was canceled", e);
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // a pipe's reading end: closing it only tells the writer to stop
        }
    }

    private static String failureOf(CompletableFuture<FilterStats> filtering) {
        try {
            filtering.get();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        }
    }

    /** {@code registry:5000/team/app:1.2} becomes {@code registry:5000/team/app.slim:1.2}. */
    static String defaultTag(String image) {
        String name = image;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        String tag = "latest";
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = image.indexOf('@') >= 0 ? "latest" : name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        return name + ".slim:" + tag;
    }

    private static byte[] contextTar(String dockerfile) {
        byte[] content = dockerfile.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry("Dockerfile");
            entry.setSize(content.length);
            entry.setMode(0644);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
