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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
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
 *
 * <p>Most of it happens before this phase: {@link #startEarly} streams the filesystem into the
 * import during the selection. Only when that cannot be done is the export filtered here, in one
 * pass, from the local copy or from a second export. What the import cannot set, the SBOM's label
 * (known only once the inventory is weighed) and STOPSIGNAL, {@link #finish} sets on top while
 * the imported image is verified.
 */
final class BuildPhase {

    private static final int PIPE_BUFFER = 1 << 20;

    private final RootfsLimits limits;
    private final Executor background;

    BuildPhase(RootfsLimits limits, Executor background) {
        this.limits = limits;
        this.background = background;
    }

    /**
     * Starts streaming the slim rootfs into the daemon while the export is still read (see
     * {@link EarlyImport}): the files the application used now, the rest once the keep set is final.
     * Empty when it cannot start (the export is not spooled, or the configuration cannot be carried
     * over); the build then does it all after the selection.
     */
    Optional<EarlyImport> startEarly(JobRun run, Inspection inspection, ExportSpool spool,
            Collection<String> observedPaths) {
        List<String> changes;
        try {
            changes = importChanges(inspection.image(), labels(run, inspection.image()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            EarlyImport early = EarlyImport.start(run.docker(), spool, Set.copyOf(observedPaths),
                    run.spec().excludes(), changes, limits, background);
            run.closeAtEnd(early);
            run.log("Streaming the slim image's filesystem to the daemon while the export is read: the files the"
                    + " application used first, the rest once the keep set is final");
            return Optional.of(early);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The slim image's filesystem in the daemon, with the original configuration but for the SBOM's
     * label and STOPSIGNAL, untagged: the image {@link #finish} completes, and the one the
     * verification runs (it differs from the finished one in nothing a container does).
     */
    record Imported(String imageId, FilterStats stats) {
    }

    Imported run(JobRun run, Inspection inspection, Selection selection, Optional<EarlyImport> early) {
        List<String> changes;
        try {
            changes = importChanges(inspection.image(), labels(run, inspection.image()));
        } catch (IllegalArgumentException e) {
            throw new PipelineException(Phase.BUILD, "the image's configuration cannot be carried over: "
                    + e.getMessage(), e);
        }
        Imported imported = early.flatMap(e -> importedEarly(run, e)).orElseGet(() -> {
            run.log("Filtering the image's filesystem to " + selection.keepSet().kept().size() + " entries");
            return importRootfs(run, selection, changes);
        });
        // deleting a just written copy of a big export takes a while: it overlaps the verification
        background.execute(selection.spool()::close);
        FilterStats stats = imported.stats();
        run.log("Kept " + stats.keptEntries() + " entries (" + InspectPhase.megabytes(stats.keptBytes())
                + "), dropped " + stats.droppedEntries() + " (" + InspectPhase.megabytes(stats.droppedBytes()) + ")");
        stats.notes().forEach(note -> run.log("Note: " + note));
        return imported;
    }

    /** Gives the imported image its SBOM's label, STOPSIGNAL and tag. */
    Built finish(JobRun run, Inspection inspection, Imported imported, String sbomSha256) {
        ImageDetails original = inspection.image();
        TaggedName tag = slimTag(run.spec());
        String imageId = finishImage(run, imported.imageId(), original, tag, sbomSha256);
        long size = run.docker().image().inspect(imageId).map(ImageDetails::sizeBytes).orElse(0L);
        run.log("Built " + tag + " (" + imageId + "), " + InspectPhase.megabytes(size) + " instead of "
                + InspectPhase.megabytes(original.sizeBytes()));
        Map<String, String> labels = labels(run, original);
        if (sbomSha256 != null) {
            labels.put(InventoryPhase.SBOM_LABEL, sbomSha256);
        }
        return new Built(tag.toString(), imageId, size, SlimDockerfile.fromScratch(original.config(), labels),
                imported.stats());
    }

    /** The labels every slim image gets, but the SBOM's, which is known only after the selection. */
    private static Map<String, String> labels(JobRun run, ImageDetails original) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("slimline.source.image", run.spec().image());
        labels.put("slimline.source.digest", original.repoDigests().isEmpty() ? original.id()
                : original.repoDigests().get(0));
        labels.put(SlimlineLabels.SOURCE_JOB, run.jobId());
        return labels;
    }

    /**
     * The original configuration (the job's overrides only shaped the observation) for the import,
     * but STOPSIGNAL, which dockerd 20.10 refuses there.
     *
     * @throws IllegalArgumentException when the configuration cannot be written as instructions
     */
    private static List<String> importChanges(ImageDetails original, Map<String, String> labels) {
        return SlimDockerfile.instructions(original.config(), labels).stream()
                .filter(i -> !i.startsWith(SlimDockerfile.STOPSIGNAL)).toList();
    }

    /** The streamed import's image, or empty (logged) when the build must filter again in one pass. */
    private Optional<Imported> importedEarly(JobRun run, EarlyImport early) {
        EarlyImport.Outcome outcome;
        try {
            outcome = early.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(Phase.BUILD, "the job was canceled", e);
        }
        if (outcome.failure() == null) {
            run.log("Streamed the filesystem to the daemon: " + outcome.earlyFiles()
                    + " files while the export was read, the rest after the selection");
            return Optional.of(new Imported(outcome.imageId(), outcome.stats()));
        }
        if (outcome.imageId() != null) {
            run.docker().image().remove(outcome.imageId(), true);
        }
        run.log("Streaming the filesystem during the export did not work out (" + outcome.failure()
                + "); filtering it again in one pass");
        return Optional.empty();
    }

    /**
     * Tags the imported image, or, when it needs what the import cannot set (the SBOM's label, known
     * only now, and STOPSIGNAL), builds that on top: a configuration-only step, no new layer.
     */
    private static String finishImage(JobRun run, String importedId, ImageDetails original, TaggedName tag,
            String sbomSha256) {
        String stopSignal = original.config().stopSignal();
        Map<String, String> labels = sbomSha256 == null ? Map.of() : Map.of(InventoryPhase.SBOM_LABEL, sbomSha256);
        try {
            if (stopSignal == null && labels.isEmpty()) {
                run.docker().image().tag(importedId, tag.repository(), tag.tag());
                return importedId;
            }
            String dockerfile = "FROM " + importedId + "\n"
                    + (stopSignal == null ? "" : SlimDockerfile.STOPSIGNAL + stopSignal + "\n");
            return run.docker().image().build(new ByteArrayInputStream(contextTar(dockerfile)), Set.of(tag.toString()),
                    labels, line -> run.log("build: " + line));
        } catch (DockerOperationException e) {
            throw new PipelineException(Phase.BUILD, "the daemon could not finish the slim image: "
                    + e.getMessage(), e);
        }
    }

    private Imported importRootfs(JobRun run, Selection selection, List<String> changes) {
        PipedInputStream body = new PipedInputStream(PIPE_BUFFER);
        CompletableFuture<FilterStats> filtering;
        try {
            PipedOutputStream sink = new PipedOutputStream(body);
            Optional<Path> spooled = awaitSpool(selection.spool());
            run.log(spooled.isPresent() ? "Reading the image's filesystem from the export spooled while it was indexed"
                    : "Exporting the image's filesystem a second time: it was not spooled ("
                            + selection.spool().failure() + ")");
            filtering = CompletableFuture.supplyAsync(() -> {
                try (InputStream export = spooled.isPresent() ? Files.newInputStream(spooled.get())
                        : run.docker().container().export(selection.exportContainerId());
                        sink) {
                    return TarFilter.filter(export, selection.keepSet(), sink, limits);
                } catch (IOException e) {
                    throw new RootfsException("could not stream the filtered filesystem: " + e.getMessage(), e);
                }
            }, background);
        } catch (IOException e) {
            throw new PipelineException(Phase.BUILD, "could not set up the filesystem stream", e);
        }
        String imageId;
        try {
            imageId = run.docker().image().importFilesystem(body, null, null, changes);
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
            return new Imported(imageId, filtering.get());
        } catch (ExecutionException e) {
            throw new PipelineException(Phase.BUILD, "filtering the filesystem failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(Phase.BUILD, "the job was canceled", e);
        }
    }

    private static Optional<Path> awaitSpool(ExportSpool spool) {
        try {
            return spool.awaitFile();
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
