package dev.slimline.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Command probes: programs run inside the application's container, judged by exit code and stdout. */
public final class ExecSource implements ProbeSource {

    private static final int SHOWN_OUTPUT = 200;

    private final List<ExecProbe> probes;

    public ExecSource(List<ExecProbe> probes) {
        this.probes = List.copyOf(probes);
    }

    @Override
    public String name() {
        return "exec";
    }

    @Override
    public List<ProbeOutcome> run(ProbeEnvironment environment) {
        List<ProbeOutcome> outcomes = new ArrayList<>();
        for (ExecProbe probe : probes) {
            long start = System.nanoTime();
            ProbeEnvironment.CommandResult result = environment.commands().run(probe.cmd(), probe.user(),
                    probe.env(), Duration.ofSeconds(probe.timeoutSeconds()));
            ProbeOutcome outcome = new ProbeOutcome(name(), "exec " + probe.cmd(),
                    "exit code " + result.exitCode() + shown(result.output()), judge(probe, result),
                    (System.nanoTime() - start) / 1_000_000);
            environment.log().accept("Probe " + outcome.request() + " -> " + outcome.answer()
                    + (outcome.passed() ? "" : " (" + outcome.error() + ")"));
            outcomes.add(outcome);
        }
        return outcomes;
    }

    static String judge(ExecProbe probe, ProbeEnvironment.CommandResult result) {
        if (result.exitCode() == -1) {
            return "did not end within " + probe.timeoutSeconds() + " s";
        }
        if (result.exitCode() != probe.expectExitCode()) {
            return "exited with code " + result.exitCode() + ", expected " + probe.expectExitCode();
        }
        if (probe.stdoutContains() != null && !result.stdout().contains(probe.stdoutContains())) {
            return "its stdout does not contain \"" + probe.stdoutContains() + "\"";
        }
        return null;
    }

    private static String shown(String output) {
        String text = output.strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > SHOWN_OUTPUT ? text.substring(0, SHOWN_OUTPUT) + "…" : text);
    }
}
