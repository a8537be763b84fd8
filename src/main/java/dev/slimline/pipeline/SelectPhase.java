package dev.slimline.pipeline;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.rootfs.ImageIndex;
import dev.slimline.rootfs.ImageIndexer;
import dev.slimline.rootfs.KeepSet;
import dev.slimline.rootfs.KeepSetBuilder;
import dev.slimline.rootfs.RootfsException;
import dev.slimline.rootfs.RootfsLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Phase 6: decide what the slim image keeps. The file list comes from an export of a container
 * of the original image that never ran, so nothing the application wrote, and nothing the sensor
 * claims, can add content: the report only selects among the image's own files.
 */
final class SelectPhase {

    private final RootfsLimits limits;

    SelectPhase(RootfsLimits limits) {
        this.limits = limits;
    }

    Selection run(JobRun run, Inspection inspection, Collection<String> observedPaths) {
        SlimSpec spec = run.spec();
        String exportId = run.createContainer(ContainerSpec.of(inspection.image().id())
                .withCommand(List.of("/.slimline-never-started"), List.of())
                .withLabels(run.labels("export")));
        ImageIndex index;
        try (InputStream export = run.docker().exportContainer(exportId)) {
            index = ImageIndexer.index(export, limits);
        } catch (IOException | RootfsException e) {
            throw new PipelineException(Phase.SELECT, "could not read the image's filesystem: " + e.getMessage(), e);
        }
        run.log("The image holds " + index.entries().size() + " entries");
        index.notes().forEach(note -> run.log("Note: " + note));
        List<String> env = new ArrayList<>(inspection.image().config().env());
        spec.overrides().env().forEach((k, v) -> env.add(k + "=" + v));
        String workdir = spec.overrides().workdir() != null ? spec.overrides().workdir()
                : inspection.image().config().workingDir();
        KeepSet keep;
        try {
            keep = new KeepSetBuilder(index)
                    .observed(observedPaths)
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
        return new Selection(exportId, index, keep);
    }
}
