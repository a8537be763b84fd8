package dev.slimline.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecSourceTest {

    private final List<String> log = new ArrayList<>();

    private ProbeEnvironment answering(int exitCode, String stdout, List<String> ran) {
        return new ProbeEnvironment(List.of(), (cmd, user, env, timeout) -> {
            ran.add(cmd + " as " + user + " with " + env + " for " + timeout.toSeconds() + " s");
            return new ProbeEnvironment.CommandResult(exitCode, stdout, stdout + "(stderr)");
        }, new ProbeTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), 0), () -> null, log::add);
    }

    @Test
    void runsEachCommandAsAskedAndPassesWhenExitCodeAndStdoutMatch() {
        List<String> ran = new ArrayList<>();
        ExecSource source = new ExecSource(List.of(
                new ExecProbe(List.of("redis-cli", "get", "k"), "redis", Map.of("A", "1"), null, "v", null)));

        List<ProbeOutcome> outcomes = source.run(answering(0, "v\n", ran));

        assertThat(ran).containsExactly("[redis-cli, get, k] as redis with {A=1} for 30 s");
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.passed()).isTrue();
            assertThat(o.source()).isEqualTo("exec");
            assertThat(o.request()).isEqualTo("exec [redis-cli, get, k]");
            assertThat(o.answer()).isEqualTo("exit code 0: v\n(stderr)");
        });
        assertThat(log).singleElement().asString().startsWith("Probe exec [redis-cli, get, k] -> exit code 0");
    }

    @Test
    void saysWhichExpectationFailed() {
        ExecProbe wantsOne = new ExecProbe(List.of("false"), null, null, 1, null, 5);
        ExecProbe wantsText = new ExecProbe(List.of("echo"), null, null, null, "+PONG", 5);

        assertThat(new ExecSource(List.of(wantsOne)).run(answering(0, "", new ArrayList<>())))
                .singleElement().extracting(ProbeOutcome::error).isEqualTo("exited with code 0, expected 1");
        assertThat(new ExecSource(List.of(wantsText)).run(answering(0, "-ERR", new ArrayList<>())))
                .singleElement().extracting(ProbeOutcome::error).isEqualTo("its stdout does not contain \"+PONG\"");
        assertThat(new ExecSource(List.of(wantsText)).run(answering(-1, "+PONG", new ArrayList<>())))
                .singleElement().extracting(ProbeOutcome::error).isEqualTo("did not end within 5 s");
    }

    @Test
    void stdoutIsJudgedWithoutStderr() {
        ExecProbe probe = new ExecProbe(List.of("sh"), null, null, null, "(stderr)", null);

        assertThat(new ExecSource(List.of(probe)).run(answering(0, "out", new ArrayList<>())))
                .singleElement().extracting(ProbeOutcome::passed).isEqualTo(false);
    }
}
