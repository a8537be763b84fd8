package dev.slimline.pipeline;

import dev.slimline.docker.DockerOperationException;
import dev.slimline.docker.ImageDetails;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Phase 1: find the image (pulling it when the job allows), read its configuration. */
final class InspectPhase {

    private final Set<String> sensorArchitectures;

    InspectPhase(Set<String> sensorArchitectures) {
        this.sensorArchitectures = Set.copyOf(sensorArchitectures);
    }

    Inspection run(JobRun run) {
        SlimSpec spec = run.spec();
        ImageDetails image = find(run, spec);
        run.log("Image " + spec.image() + " is " + image.id() + " (" + megabytes(image.sizeBytes()) + ", "
                + image.os() + "/" + image.architecture() + ")");
        if (!"linux".equals(image.os())) {
            throw new PipelineException(Phase.INSPECT, "image " + spec.image() + " is for " + image.os()
                    + "; only Linux images can be slimmed");
        }
        if (!sensorArchitectures.contains(image.architecture())) {
            throw new PipelineException(Phase.INSPECT, "image " + spec.image() + " is for " + image.architecture()
                    + "; the sensor is built for " + String.join(", ", sensorArchitectures));
        }
        SlimSpec.Overrides overrides = spec.overrides();
        List<String> entrypoint = overrides.entrypoint() != null ? overrides.entrypoint()
                : image.config().entrypoint();
        // Docker's rule: a new entrypoint drops the image's CMD unless a CMD is given too
        List<String> cmd = overrides.cmd() != null ? overrides.cmd()
                : overrides.entrypoint() != null ? List.of() : image.config().cmd();
        List<String> argv = new ArrayList<>(entrypoint);
        argv.addAll(cmd);
        if (argv.isEmpty()) {
            throw new PipelineException(Phase.INSPECT, "image " + spec.image()
                    + " has neither ENTRYPOINT nor CMD; give the command in overrides.cmd");
        }
        List<String> ports = ports(image, overrides);
        run.log("The application starts as " + argv + (ports.isEmpty() ? " and exposes no port"
                : " and exposes " + String.join(", ", ports)));
        boolean needsPorts = spec.probes().defaultProbes() || !spec.probes().http().isEmpty();
        if (ports.isEmpty() && needsPorts && spec.probes().stop() == SlimSpec.StopMode.AFTER_PROBES) {
            throw new PipelineException(Phase.INSPECT, "image " + spec.image() + " exposes no TCP port, so there is"
                    + " nothing to probe; name the ports in overrides.exposePorts, or observe it without probes"
                    + " (probes.defaultProbes=false with stop mode AFTER_DURATION)");
        }
        return new Inspection(image, entrypoint, cmd, argv, ports, image.architecture());
    }

    private static ImageDetails find(JobRun run, SlimSpec spec) {
        Optional<ImageDetails> image = spec.pull() == SlimSpec.PullPolicy.ALWAYS ? Optional.empty()
                : run.docker().image().inspect(spec.image());
        if (image.isPresent()) {
            return image.get();
        }
        if (spec.pull() == SlimSpec.PullPolicy.NEVER) {
            throw new PipelineException(Phase.INSPECT, "image " + spec.image() + " is not on Docker host "
                    + run.docker().name() + " and pulling is disabled (pull: NEVER)");
        }
        run.log("Pulling " + spec.image() + (spec.pullCredentials() == null ? ""
                : " as " + spec.pullCredentials().username()));
        try {
            run.docker().image().pull(spec.image(), spec.pullCredentials(), status -> run.log("pull: " + status));
        } catch (DockerOperationException e) {
            throw new PipelineException(Phase.INSPECT, "could not pull " + spec.image() + ": " + e.getMessage(), e);
        }
        return run.docker().image().inspect(spec.image()).orElseThrow(() -> new PipelineException(Phase.INSPECT,
                "image " + spec.image() + " was pulled but the daemon does not know it"));
    }

    private static List<String> ports(ImageDetails image, SlimSpec.Overrides overrides) {
        Set<String> ports = new LinkedHashSet<>();
        for (String port : image.config().exposedPorts()) {
            if (port.endsWith("/tcp")) {
                ports.add(port);
            }
        }
        for (String port : overrides.exposePorts()) {
            ports.add(port.contains("/") ? port : port + "/tcp");
        }
        return List.copyOf(ports);
    }

    static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1_000_000.0);
    }
}
