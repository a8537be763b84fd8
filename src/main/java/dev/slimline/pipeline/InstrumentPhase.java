package dev.slimline.pipeline;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.sensor.SensorBinary;
import dev.slimline.sensor.SensorCommand;
import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * Phase 2: create the instrumented container. The sensor becomes its entrypoint, with the
 * application's command as its arguments, and goes in through the archive API, so no path of
 * the service's host is involved and the daemon may be remote. No privileges, no added
 * capabilities: the sensor only traces its own child.
 */
final class InstrumentPhase {

    private final int graceSeconds;

    InstrumentPhase(int graceSeconds) {
        this.graceSeconds = graceSeconds;
    }

    String run(JobRun run, Inspection inspection) {
        SlimSpec spec = run.spec();
        SensorBinary sensor = SensorBinary.forArchitecture(inspection.architecture());
        ContainerSpec container = Sandbox.apply(run, ContainerSpec.of(inspection.image().id())
                .withCommand(SensorCommand.wrap(inspection.argv(), graceSeconds, spec.sensor().mode()), List.of())
                .withProcess(spec.overrides().envEntries(), spec.overrides().workdir(), spec.overrides().user())
                .withStopTimeout(graceSeconds + 5), "instrumented", inspection.ports());
        if (!spec.services().isEmpty()) {
            container = container.withNetwork(run.network(), List.of(SlimSpec.APPLICATION_HOST));
        }
        String id = run.createContainer(container);
        run.docker().container().putArchive(id, "/", new ByteArrayInputStream(sensor.installArchive()));
        run.log("Created the instrumented container " + id.substring(0, 12) + " with the sensor ("
                + sensor.size() / 1024 + " KiB, " + sensor.architecture() + ", " + spec.sensor().mode()
                + " mode) as its entrypoint");
        return id;
    }
}
