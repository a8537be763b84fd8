package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.sensor.AccessKind;
import dev.slimline.sensor.AppOutcome;
import dev.slimline.sensor.FileAccess;
import dev.slimline.sensor.SensorReport;
import dev.slimline.sensor.StopReason;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineRunnerTest {

    @Test
    void pathsOnlyAFailedCallProvesAreSelectedWithTheirProof() {
        SensorReport report = report(List.of(
                new FileAccess("/var/lib/nginx/body", Set.of(), Set.of(AccessKind.WRITE),
                        Map.of(AccessKind.WRITE, Set.of("EEXIST"))),
                new FileAccess("/usr/lib/libmissing.so", Set.of(), Set.of(AccessKind.READ),
                        Map.of(AccessKind.READ, Set.of("ENOENT"))),
                new FileAccess("/run/nginx.pid", Set.of(AccessKind.WRITE), Set.of(AccessKind.WRITE),
                        Map.of(AccessKind.WRITE, Set.of("EEXIST"))),
                new FileAccess("/etc/nginx/nginx.conf", Set.of(AccessKind.READ), Set.of())));

        assertThat(PipelineRunner.failedOnExisting(report)).isEqualTo(Map.of("/var/lib/nginx/body", "write: EEXIST"));
        assertThat(PipelineRunner.observedPaths(report)).containsExactly("/etc/nginx/nginx.conf", "/run/nginx.pid");
    }

    private static SensorReport report(List<FileAccess> files) {
        return new SensorReport(1, "0.1.0", new AppOutcome(List.of("nginx"), 0, null, null), StopReason.SIGTERM, false,
                "seccomp", List.of(), false, List.of(), 0, Map.of(), files, List.of());
    }
}
