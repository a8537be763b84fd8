package dev.slimline.pipeline;

import dev.slimline.docker.DockerOperationException;
import dev.slimline.docker.ImageDetails;
import dev.slimline.probe.ProbeResult;
import dev.slimline.rootfs.FilterStats;
import dev.slimline.sensor.SensorReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/** Phase 10: the report and the other artifacts; the push, when the job names a repository. */
final class PublishPhase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    SlimResult run(JobRun run, Inspection inspection, Observation observation, SensorReport sensor,
            Selection selection, InventoryPhase.Inventoried inventory, Built built, Profiles profiles,
            Verification verification) {
        push(run, built);
        ImageDetails original = inspection.image();
        Map<String, byte[]> artifacts = new LinkedHashMap<>();
        if (profiles.seccomp() != null) {
            artifacts.put("seccomp.json", utf8(profiles.seccomp().json()));
            artifacts.put("seccomp-complain.json", utf8(profiles.seccomp().complainJson()));
        }
        if (profiles.apparmor() != null) {
            artifacts.put("apparmor.profile", utf8(profiles.apparmor().text()));
        }
        artifacts.put("Dockerfile", utf8(built.dockerfile()));
        artifacts.putAll(inventory.artifacts());
        VerificationStatus status = verification == null ? null : verification.status(observation);
        Map<String, ProbeCount> counts = ProbeCounts.of(observation, verification);
        SlimReport report = report(run, inspection, observation, sensor, selection, inventory, built, profiles,
                verification, status, counts);
        artifacts.put("report.json", reportJson(report));
        run.log("Wrote " + String.join(", ", artifacts.keySet()));
        return new SlimResult(run.spec().image(), original.id(), original.sizeBytes(), built.tag(), built.imageId(),
                built.sizeBytes(), status == null ? null : status == VerificationStatus.VERIFIED,
                status == VerificationStatus.FAILED ? verification.summary() : null, artifacts, inventory.summary(),
                verification == null ? null : new JudgingSummary(verification.verdicts(),
                        observation.traffic().exchanges().isEmpty() && observation.traffic().notRecorded() == 0
                                ? null : verification.traffic()),
                status, counts);
    }

    /**
     * As UTF-8 bytes, in which a path's byte that is not UTF-8 (a lone surrogate, see
     * {@code ByteNames}) is written as a JSON escape of U+DCXX: valid JSON that reads back as the
     * same String. (Jackson's String output would write {@code ?} instead.)
     */
    static byte[] reportJson(SlimReport report) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
    }

    private static void push(JobRun run, Built built) {
        SlimSpec.Push push = run.spec().push();
        if (push == null) {
            return;
        }
        TaggedName target = TaggedName.parse(push.reference());
        run.log("Pushing the slim image to " + target);
        try {
            run.docker().image().tag(built.imageId(), target.repository(), target.tag());
            run.docker().image().push(target.toString(), push.credentials(), status -> run.log("push: " + status));
        } catch (DockerOperationException e) {
            throw new PipelineException(Phase.PUBLISH, "could not push the slim image to " + target + ": "
                    + e.getMessage(), e);
        }
    }

    private static SlimReport report(JobRun run, Inspection inspection, Observation observation,
            SensorReport sensor, Selection selection, InventoryPhase.Inventoried inventory, Built built,
            Profiles profiles, Verification verification, VerificationStatus status, Map<String, ProbeCount> counts) {
        ImageDetails original = inspection.image();
        FilterStats stats = built.stats();
        Map<String, Integer> reasons = new TreeMap<>();
        stats.reasons().forEach((reason, count) -> reasons.put(reason.name().toLowerCase(), count));
        List<SlimReport.SizedPath> largest = stats.largestKept().stream()
                .map(p -> new SlimReport.SizedPath(p.path(), p.size())).toList();
        int observed = (int) sensor.files().stream().filter(f -> !f.ok().isEmpty()).count();
        SlimReport.FileFacts files = new SlimReport.FileFacts(selection.index().entries().size(), stats.keptEntries(),
                stats.keptBytes(), stats.droppedEntries(), stats.droppedBytes(), reasons, largest, observed);
        SlimReport.SyscallFacts syscalls = new SlimReport.SyscallFacts(new TreeMap<>(sensor.syscalls()),
                profiles.seccomp() == null ? List.of() : profiles.seccomp().allowed(),
                profiles.seccomp() == null ? List.of() : profiles.seccomp().addedByRuntime(),
                sensor.allowedWithoutObservation());
        SlimReport.SensorFacts sensorFacts = new SlimReport.SensorFacts(sensor.sensorVersion(),
                run.spec().sensor().mode().name(), sensor.traceMode(),
                sensor.stoppedBy() == null ? null : sensor.stoppedBy().name().toLowerCase(), sensor.app().exitCode(),
                sensor.truncated(), sensor.truncatedParts(), sensor.processes().size());
        List<ProbeResult> replayed = verification == null ? List.of() : verification.results();
        SlimReport.VerificationFacts verified = new SlimReport.VerificationFacts(
                status == null ? null : status == VerificationStatus.VERIFIED, profiles.seccomp() != null,
                verification == null ? List.of() : verification.differences(), status);
        Map<String, Long> phases = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            Long millis = run.phaseMillis().get(phase);
            if (millis != null) {
                phases.put(phase.name().toLowerCase(), millis);
            }
        }
        List<String> warnings = new ArrayList<>(selection.keepSet().warnings());
        warnings.addAll(stats.notes());
        if (!inventory.summary().complete()) {
            warnings.add("The package inventory is incomplete: "
                    + String.join("; ", inventory.summary().incompleteReasons()));
        }
        double reduction = original.sizeBytes() == 0 ? 0
                : Math.round(1000.0 * (original.sizeBytes() - built.sizeBytes()) / original.sizeBytes()) / 10.0;
        return new SlimReport(2, run.jobId(),
                new SlimReport.ImageFacts(run.spec().image(), original.id(),
                        original.repoDigests().isEmpty() ? null : original.repoDigests().get(0), original.sizeBytes()),
                new SlimReport.ImageFacts(built.tag(), built.imageId(), null, built.sizeBytes()),
                reduction, files, syscalls, sensorFacts,
                new SlimReport.ProbeFacts(observation.results(), observation.repeats(), replayed,
                        verification == null ? List.of() : verification.verdicts(), observation.outcomes(),
                        verification == null ? List.of() : verification.outcomes(), counts),
                traffic(observation.traffic(), verification), verified, phases,
                warnings, inventory.summary());
    }

    private static SlimReport.TrafficFacts traffic(RecordedTraffic traffic, Verification verification) {
        List<SlimReport.ReplayedExchange> exchanges = new ArrayList<>();
        List<ProbeVerdict> verdicts = verification == null ? List.of() : verification.trafficVerdicts();
        for (int i = 0; i < traffic.exchanges().size(); i++) {
            exchanges.add(new SlimReport.ReplayedExchange(traffic.exchanges().get(i),
                    i < verdicts.size() ? verdicts.get(i) : null));
        }
        int equal = (int) verdicts.stream().filter(ProbeVerdict::passed).count();
        return new SlimReport.TrafficFacts(traffic.exchanges().size(), traffic.notRecorded(), traffic.passedThrough(),
                verdicts.size(), equal, exchanges);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
