package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.judge.Baseline;
import dev.slimline.judge.Method;
import dev.slimline.probe.HttpProbe;
import dev.slimline.probe.ProbeOutcome;
import dev.slimline.probe.ProbeResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeCountsTest {

    private static final ProbeResult OK = new ProbeResult("GET", "http", "127.0.0.1", 32768, 8080, "/", 200,
            "text/plain", "aa", 2, true, null, 1, new byte[] {'o', 'k'});
    private static final ProbeResult BROKEN = new ProbeResult("GET", "http", "127.0.0.1", 32768, 8080, "/x", 500,
            "text/plain", "bb", 2, true, "answered 500", 1, new byte[] {'n', 'o'});
    private static final ProbeOutcome EXEC_OK = new ProbeOutcome("exec", "exec [true]", "exit code 0", null, 1);
    private static final ProbeOutcome TCP_OK = new ProbeOutcome("tcp", "tcp :6379", "+PONG", null, 1);
    private static final ProbeOutcome TCP_FAILED = new ProbeOutcome("tcp", "tcp :6379", null, "nothing came back", 1);

    private static Observation observed(List<ProbeResult> results, List<String> sources, List<ProbeOutcome> outcomes,
            Integer healthcheck) {
        return new Observation(results.stream().map(r -> HttpProbe.get(r.path())).toList(), results, results,
                results.stream().map(r -> (Baseline) null).toList(), healthcheck, RecordedTraffic.NONE, outcomes,
                List.of(), sources);
    }

    private static ProbeVerdict verdict(boolean passed) {
        return new ProbeVerdict("GET /", 8080, Method.EXACT, passed, passed ? null : "differs", null, null);
    }

    @Test
    void countsRequestsPerSourceAndHowManyPassedWhenObservedAndVerified() {
        Observation observation = observed(List.of(OK, BROKEN, OK), List.of("default", "http", "openapi"),
                List.of(EXEC_OK, TCP_OK), null);
        Verification verification = new Verification(false, List.of(OK, BROKEN, BROKEN),
                List.of(verdict(true), verdict(true), verdict(false)), List.of("differs"), null, List.of(),
                List.of(EXEC_OK, TCP_FAILED));

        var counts = ProbeCounts.of(observation, verification);

        assertThat(counts).containsExactly(
                java.util.Map.entry("default", new ProbeCount(1, 1, 1)),
                java.util.Map.entry("http", new ProbeCount(1, 0, 1)),
                java.util.Map.entry("exec", new ProbeCount(1, 1, 1)),
                java.util.Map.entry("tcp", new ProbeCount(1, 1, 0)),
                java.util.Map.entry("openapi", new ProbeCount(1, 1, 0)),
                java.util.Map.entry("crawl", new ProbeCount(0, 0, 0)),
                java.util.Map.entry("external", new ProbeCount(0, 0, 0)));
    }

    @Test
    void withoutVerificationNothingCountsAsVerified() {
        var counts = ProbeCounts.of(observed(List.of(OK), List.of("default"), List.of(), null), null);

        assertThat(counts.get("default")).isEqualTo(new ProbeCount(1, 1, null));
    }

    @Test
    void aSlimImageIsVerifiedOnlyWhenSomethingWasCompared() {
        Verification passed = new Verification(true, List.of(), List.of(), List.of(), null, List.of(), List.of());
        Verification failed = new Verification(false, List.of(), List.of(), List.of("the slim image exited"), null,
                List.of(), List.of());

        assertThat(passed.status(observed(List.of(), List.of(), List.of(), null)))
                .isEqualTo(VerificationStatus.RAN_ONLY);
        assertThat(passed.status(observed(List.of(), List.of(), List.of(EXEC_OK), null)))
                .isEqualTo(VerificationStatus.VERIFIED);
        assertThat(passed.status(observed(List.of(), List.of(), List.of(), 0)))
                .as("the HEALTHCHECK was run and compared").isEqualTo(VerificationStatus.VERIFIED);
        assertThat(failed.status(observed(List.of(OK), List.of("default"), List.of(), null)))
                .isEqualTo(VerificationStatus.FAILED);
    }
}
