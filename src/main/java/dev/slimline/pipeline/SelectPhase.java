package dev.slimline.pipeline;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.inventory.InventoryCollector;
import dev.slimline.inventory.InventoryLimits;
import dev.slimline.rootfs.ImageIndex;
import dev.slimline.rootfs.ImageIndexer;
import dev.slimline.rootfs.KeepSet;
import dev.slimline.rootfs.KeepSetBuilder;
import dev.slimline.rootfs.RootfsException;
import dev.slimline.rootfs.RootfsLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Phase 6: decide what the slim image keeps. The file list comes from an export of a container
 * of the original image that never ran, so nothing the application wrote, and nothing the sensor
 * claims, can add content: the report only selects among the image's own files.
 *
 * <p>Reading that export is the slowest part of a job for a big image, and it does not depend on
 * the observation, so it starts right after the inspection and runs while the application is
 * observed.
 */
final class SelectPhase {

    private final RootfsLimits limits;
    private final InventoryLimits inventoryLimits;
    private final Executor background;
    private final SpoolSpace spoolSpace;
    private final Duration spoolMaxWait;

    SelectPhase(RootfsLimits limits, InventoryLimits inventoryLimits, Executor background, SpoolSpace spoolSpace,
            Duration spoolMaxWait) {
        this.limits = limits;
        this.inventoryLimits = inventoryLimits;
        this.background = background;
        this.spoolSpace = spoolSpace;
        this.spoolMaxWait = spoolMaxWait;
    }

    /**
     * An index of the original filesystem on its way, the package inventory read along with it,
     * and the local copy of the export made meanwhile.
     */
    record PendingIndex(String exportContainerId, CompletableFuture<ImageIndex> index, InventoryCollector inventory,
            ExportSpool spool) {
    }

    /**
     * Creates the never-started container and starts indexing its export in the background,
     * spooling the export to a local file on the way so the build need not export it again.
     */
    PendingIndex startIndexing(JobRun run, Inspection inspection) {
        String exportId = run.createContainer(Sandbox.apply(run, ContainerSpec.of(inspection.image().id())
                .withCommand(List.of("/.slimline-never-started"), List.of()), "export", List.of()));
        InventoryCollector inventory = new InventoryCollector(inventoryLimits);
        ExportSpool spool = ExportSpool.open(spoolSpace, run.jobId(), expectedExportBytes(inspection), spoolMaxWait,
                background);
        run.closeAtEnd(spool); // the build says whether it could use it, and why not
        CompletableFuture<ImageIndex> index = CompletableFuture.supplyAsync(() -> {
            try (InputStream export = spool.tee(run.docker().container().export(exportId))) {
                ImageIndex indexed = ImageIndexer.index(export, limits, inventory);
                spool.finish(export);
                return indexed;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, background);
        return new PendingIndex(exportId, index, inventory, spool);
    }

    /**
     * The export is the image's files plus a tar header and padding per entry: a quarter more and
     * 64 MB is ample for every image seen (the node test image: 5 % more).
     */
    static long expectedExportBytes(Inspection inspection) {
        long size = inspection.image().sizeBytes();
        return size + size / 4 + (64L << 20);
    }

    Selection run(JobRun run, Inspection inspection, Collection<String> observedPaths,
            Map<String, String> failedOnExisting, PendingIndex pending) {
        ImageIndex index = awaitIndex(pending);
        run.log("The image holds " + index.entries().size() + " entries");
        Duration spoolWait = pending.spool().indexWait();
        if (spoolWait.toMillis() > 0) {
            run.log("Spooling the export made the indexing wait " + spoolWait.toMillis() + " ms in all for the disk");
        }
        index.notes().forEach(note -> run.log("Note: " + note));
        SlimSpec spec = run.spec();
        List<String> env = new ArrayList<>(inspection.image().config().env());
        env.addAll(spec.overrides().envEntries());
        String workdir = spec.overrides().workdir() != null ? spec.overrides().workdir()
                : inspection.image().config().workingDir();
        KeepSet keep;
        try {
            keep = new KeepSetBuilder(index)
                    .observed(observedPaths)
                    .failedOnExisting(failedOnExisting)
                    .imageConfig(workdir, inspection.image().config().volumes(), env)
                    .includePaths(spec.includes().paths())
                    .includeBinaries(spec.includes().binaries())
                    .includeShell(spec.includes().shell())
                    .includeCaCertificates(spec.includes().caCertificates())
                    .exclude(spec.excludes())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new PipelineException(Phase.SELECT, "bad include or exclude pattern: " + e.getMessage(), e);
        }
        run.log("Keeping " + keep.kept().size() + " of " + index.entries().size() + " entries ("
                + keep.reasonCounts() + ")");
        keep.warnings().forEach(warning -> run.log("Warning: " + warning));
        return new Selection(pending.exportContainerId(), pending.spool(), index, keep, pending.inventory().finish());
    }

    private static ImageIndex awaitIndex(PendingIndex pending) {
        try {
            return pending.index().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(Phase.SELECT, "the job was canceled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException io ? io.getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime && !(cause instanceof RootfsException)) {
                throw runtime;
            }
            throw new PipelineException(Phase.SELECT, "could not read the image's filesystem: " + cause.getMessage(),
                    cause);
        }
    }
}
