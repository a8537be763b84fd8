package dev.slimline.pipeline;

import dev.slimline.docker.DockerApi;
import dev.slimline.docker.DockerOperationException;
import dev.slimline.docker.ImageSummary;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.inventory.InventoryLimits;
import dev.slimline.probe.HttpProber;
import dev.slimline.profile.AppArmorProfileGenerator;
import dev.slimline.profile.SeccompProfileGenerator;
import dev.slimline.rootfs.RootfsException;
import dev.slimline.rootfs.RootfsLimits;
import dev.slimline.sensor.FileAccess;
import dev.slimline.sensor.ProcessRecord;
import dev.slimline.sensor.SensorBinary;
import dev.slimline.sensor.SensorReport;
import dev.slimline.sensor.SensorReportParser;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the phases of one slim job in order (DESIGN.md §1), each in its own class, and makes sure
 * that whatever happens no container of the job outlives it.
 */
@Component
public class PipelineRunner implements Slimmer {

    private final InspectPhase inspect;
    private final InstrumentPhase instrument;
    private final ProbePhase probe;
    private final StopPhase stop;
    private final CollectPhase collect;
    private final SelectPhase select;
    private final InventoryPhase inventory;
    private final BuildPhase build;
    private final ProfilesPhase profiles;
    private final VerifyPhase verify;
    private final PublishPhase publish;

    public PipelineRunner(PipelineProperties properties) {
        HttpProber prober = new HttpProber(properties.maxProbeBodySize().toBytes());
        RootfsLimits limits = RootfsLimits.DEFAULT;
        // blocking stream work (reading, spooling and filtering exports) beside each job's own thread;
        // numbered, so a profile or a thread dump tells the export's reader from the spool's writer
        CustomizableThreadFactory streamThreads = new CustomizableThreadFactory("slimline-stream-");
        streamThreads.setDaemon(true);
        Executor streams = Executors.newCachedThreadPool(streamThreads);
        this.inspect = new InspectPhase(SensorBinary.availableArchitectures());
        this.instrument = new InstrumentPhase(properties.graceSeconds());
        this.probe = new ProbePhase(prober, new TrafficRecorder(properties.maxRecordedRequests(),
                properties.recordingAddress()));
        this.stop = new StopPhase(properties.graceSeconds());
        this.collect = new CollectPhase(new SensorReportParser());
        this.select = new SelectPhase(limits, InventoryLimits.DEFAULT, streams,
                new SpoolSpace(properties.spoolDir(), properties.spoolKeep()), properties.spoolMaxWait());
        this.inventory = new InventoryPhase();
        this.build = new BuildPhase(limits, streams);
        this.profiles = new ProfilesPhase(new SeccompProfileGenerator(), new AppArmorProfileGenerator());
        this.verify = new VerifyPhase(prober);
        this.publish = new PublishPhase();
    }

    @Override
    public SlimResult slim(String jobId, SlimSpec spec, DockerApi docker, PipelineListener listener) {
        JobRun run = new JobRun(jobId, spec, docker, listener);
        boolean succeeded = false;
        try {
            Inspection inspection = phase(run, Phase.INSPECT, 0, () -> inspect.run(run));
            // the export is the longest stretch of the job: it starts first, and is indexed during the observation
            SelectPhase.PendingIndex pendingIndex = phase(run, Phase.INSTRUMENT, 5,
                    () -> select.startIndexing(run, inspection));
            String instrumented = phase(run, Phase.INSTRUMENT, 5, () -> instrument.run(run, inspection));
            Observation observation;
            int exitCode;
            try (AppOutput output = new AppOutput();
                    Companions.Running services = phase(run, Phase.PROBE, 10,
                            () -> Companions.start(run, "service", Phase.PROBE))) {
                observation = phase(run, Phase.PROBE, 10,
                        () -> probe.run(run, inspection, instrumented, output));
                exitCode = phase(run, Phase.STOP, 30, () -> stop.run(run, instrumented));
            }
            SensorReport sensor = phase(run, Phase.COLLECT, 35,
                    () -> collect.run(run, instrumented, exitCode, observation));
            run.removeContainer(instrumented);
            Selection selection = phase(run, Phase.SELECT, 40,
                    () -> select.run(run, inspection, observedPaths(sensor), failedOnExisting(sensor), pendingIndex));
            InventoryPhase.Inventoried inventoried = phase(run, Phase.SELECT, 50,
                    () -> inventory.run(run, inspection, selection));
            Built built = phase(run, Phase.BUILD, 55, () -> build.run(run, inspection, selection,
                    inventoried.summary().sbomSha256()));
            run.removeContainer(selection.exportContainerId());
            Profiles made = phase(run, Phase.PROFILES, 80, () -> profiles.run(run, inspection, sensor, selection));
            Verification verification = spec.outputs().verify()
                    ? phase(run, Phase.VERIFY, 85, () -> {
                        // fresh services: the slim image must not find state the observed run left
                        try (Companions.Running services = Companions.start(run, "verify-service", Phase.VERIFY)) {
                            return verify.run(run, inspection, built.imageId(),
                                    made.seccomp() == null ? null : made.seccomp().json(), observation);
                        }
                    })
                    : null;
            if (verification != null) {
                run.log(switch (verification.status(observation)) {
                    case FAILED -> "Verification failed: " + verification.summary();
                    case RAN_ONLY -> "Not verified (RAN_ONLY): the slim image was started and kept running, but no"
                            + " probe exercised it, so nothing was compared";
                    case VERIFIED -> "Verified: the slim image answered every probe as the original did";
                });
            }
            SlimResult result = phase(run, Phase.PUBLISH, 95, () -> publish.run(run, inspection, observation, sensor,
                    selection, inventoried, built, made, verification));
            succeeded = true;
            return result;
        } finally {
            cleanUp(run, succeeded);
        }
    }

    /** Every path the application used successfully, and every program and directory it ran in. */
    static Set<String> observedPaths(SensorReport sensor) {
        Set<String> paths = new TreeSet<>();
        for (FileAccess file : sensor.files()) {
            if (!file.ok().isEmpty()) {
                paths.add(file.path());
            }
        }
        for (ProcessRecord process : sensor.processes()) {
            if (process.exe() != null) {
                paths.add(process.exe());
            }
            if (process.cwd() != null) {
                paths.add(process.cwd());
            }
        }
        return paths;
    }

    /** Paths no call succeeded on, but one failed in a way that proves the path exists, with that proof. */
    static Map<String, String> failedOnExisting(SensorReport sensor) {
        Map<String, String> proven = new TreeMap<>();
        for (FileAccess file : sensor.files()) {
            if (file.ok().isEmpty()) {
                file.existenceProof().ifPresent(proof -> proven.put(file.path(), proof));
            }
        }
        return proven;
    }

    private static <T> T phase(JobRun run, Phase phase, int percent, Supplier<T> work) {
        if (Thread.currentThread().isInterrupted()) {
            throw new PipelineException(phase, "the job was canceled");
        }
        if (run.enter(phase)) {
            run.listener().phaseStarted(phase, percent);
        }
        long start = System.nanoTime();
        try {
            return work.get();
        } catch (PipelineException e) {
            throw e;
        } catch (DockerOperationException | RootfsException e) {
            throw new PipelineException(phase, e.getMessage(), e);
        } finally {
            run.recordDuration(phase, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Removes the job's containers, and on failure its images too. Runs with the interrupt flag
     * cleared, because a canceled job must still not leave anything behind.
     */
    private static void cleanUp(JobRun run, boolean succeeded) {
        boolean interrupted = Thread.interrupted();
        for (AutoCloseable resource : run.resources()) {
            try {
                resource.close();
            } catch (Exception e) {
                run.log("Could not clean up " + resource + ": " + e.getMessage());
            }
        }
        try {
            for (String id : run.containers()) {
                try {
                    run.removeContainer(id);
                } catch (DockerOperationException e) {
                    run.log("Could not remove container " + id + ": " + e.getMessage());
                }
            }
            try {
                run.removeNetworks();
            } catch (DockerOperationException e) {
                run.log("Could not remove the job's network: " + e.getMessage());
            }
            if (!succeeded) {
                for (ImageSummary image : run.docker().image().listByLabel(SlimlineLabels.SOURCE_JOB, run.jobId())) {
                    run.docker().image().remove(image.id(), true);
                }
            }
        } catch (DockerOperationException e) {
            run.log("Clean-up was incomplete: " + e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
