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
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Phase 7: build the slim image. The export of the never-started container is filtered, tar
 * stream to tar stream, straight into the Engine's import, which keeps owners, modes, setuid
 * bits, xattrs and hard links exactly as exported and needs no size up front (a build context
 * would have to nest the filtered tar, whose size is only known at its end). The import also sets
 * the original configuration, written as Dockerfile instructions; the published Dockerfile is the
 * same recipe, {@code FROM scratch} with the filtered filesystem added.
 */
final class BuildPhase {

    private static final int PIPE_BUFFER = 1 << 20;

    private final RootfsLimits limits;
    private final Executor background;

    BuildPhase(RootfsLimits limits, Executor background) {
        this.limits = limits;
        this.background = background;
    }

    Built run(JobRun run, Inspection inspection, Selection selection, String sbomSha256) {
        ImageDetails original = inspection.image();
        TaggedName tag = slimTag(run.spec());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("slimline.source.image", run.spec().image());
        labels.put("slimline.source.digest", original.repoDigests().isEmpty() ? original.id()
                : original.repoDigests().get(0));
        labels.put(SlimlineLabels.SOURCE_JOB, run.jobId());
        if (sbomSha256 != null) {
            labels.put(InventoryPhase.SBOM_LABEL, sbomSha256);
        }
        List<String> instructions;
        try {
            // the original configuration: the job's overrides only shaped the observation
            instructions = SlimDockerfile.instructions(original.config(), labels);
        } catch (IllegalArgumentException e) {
            throw new PipelineException(Phase.BUILD, "the image's configuration cannot be carried over: "
                    + e.getMessage(), e);
        }
        List<String> importable = instructions.stream().filter(i -> !i.startsWith(SlimDockerfile.STOPSIGNAL))
                .toList();
        boolean needsBuild = importable.size() < instructions.size();

        run.log("Filtering the image's filesystem to " + selection.keepSet().kept().size() + " entries");
        RootfsImport rootfs = importRootfs(run, selection, importable, needsBuild ? null : tag);
        selection.spool().close(); // its file is the next job's from here on
        FilterStats stats = rootfs.stats();
        run.log("Kept " + stats.keptEntries() + " entries (" + InspectPhase.megabytes(stats.keptBytes())
                + "), dropped " + stats.droppedEntries() + " (" + InspectPhase.megabytes(stats.droppedBytes()) + ")");
        stats.notes().forEach(note -> run.log("Note: " + note));
        String imageId = needsBuild ? buildStopSignal(run, rootfs.imageId(), original, tag) : rootfs.imageId();
        long size = run.docker().image().inspect(imageId).map(ImageDetails::sizeBytes).orElse(0L);
        run.log("Built " + tag + " (" + imageId + "), " + InspectPhase.megabytes(size) + " instead of "
                + InspectPhase.megabytes(original.sizeBytes()));
        return new Built(tag.toString(), imageId, size, SlimDockerfile.fromScratch(original.config(), labels), stats);
    }

    /**
     * The Engine's import sets every other setting, but not STOPSIGNAL (dockerd 20.10 refuses it
     * there), so an image that has one gets it from a one-instruction build on top.
     */
    private static String buildStopSignal(JobRun run, String rootfsImageId, ImageDetails original, TaggedName tag) {
        String dockerfile = "FROM " + rootfsImageId + "\n" + SlimDockerfile.STOPSIGNAL
                + original.config().stopSignal() + "\n";
        try {
            return run.docker().image().build(new ByteArrayInputStream(contextTar(dockerfile)), Set.of(tag.toString()),
                    Map.of(), line -> run.log("build: " + line));
        } catch (DockerOperationException e) {
            throw new PipelineException(Phase.BUILD, "the daemon could not build the slim image: "
                    + e.getMessage(), e);
        }
    }

    private record RootfsImport(String imageId, FilterStats stats) {
    }

    private RootfsImport importRootfs(JobRun run, Selection selection, List<String> changes, TaggedName tag) {
        PipedInputStream body = new PipedInputStream(PIPE_BUFFER);
        CompletableFuture<FilterStats> filtering;
        try {
            PipedOutputStream sink = new PipedOutputStream(body);
            Optional<FileChannel> spooled = awaitSpool(selection.spool());
            run.log(spooled.isPresent() ? "Reading the image's filesystem from the export spooled while it was indexed"
                    + (selection.spool().reusesFile() ? ", into a file an earlier job left for reuse" : "")
                    : "Exporting the image's filesystem a second time: it was not spooled ("
                            + selection.spool().failure() + ")");
            filtering = CompletableFuture.supplyAsync(() -> {
                try (sink) {
                    if (spooled.isPresent()) {
                        // the copy is the very stream the index was made from: only what is kept is read
                        return TarFilter.filter(spooled.get(), selection.index(), selection.keepSet(), sink);
                    }
                    try (InputStream export = run.docker().container().export(selection.exportContainerId())) {
                        return TarFilter.filter(export, selection.keepSet(), sink, limits);
                    }
                } catch (IOException e) {
                    throw new RootfsException("could not stream the filtered filesystem: " + e.getMessage(), e);
                }
            }, background);
        } catch (IOException e) {
            throw new PipelineException(Phase.BUILD, "could not set up the filesystem stream", e);
        }
        String imageId;
        try {
            imageId = run.docker().image().importFilesystem(body, tag == null ? null : tag.repository(),
                    tag == null ? null : tag.tag(), changes);
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

    private static Optional<FileChannel> awaitSpool(ExportSpool spool) {
        try {
            return spool.awaitCopy();
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

    /** The slim image's name: the job's target tag, or the default one. */
    static TaggedName slimTag(SlimSpec spec) {
        return spec.targetTag() != null ? TaggedName.parse(spec.targetTag()) : defaultTag(spec.image());
    }

    /** {@code registry:5000/team/app:1.2} becomes {@code registry:5000/team/app.slim:1.2}. */
    static TaggedName defaultTag(String image) {
        TaggedName original = TaggedName.parse(image);
        return new TaggedName(original.repository() + ".slim", original.tag());
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
