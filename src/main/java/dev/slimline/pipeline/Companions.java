package dev.slimline.pipeline;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.ContainerState;
import dev.slimline.docker.ExecResult;
import dev.slimline.docker.ImageApi;
import dev.slimline.docker.RegistryCredentials;
import dev.slimline.probe.ExecSource;
import dev.slimline.probe.ProbeEnvironment;
import dev.slimline.probe.ProbeException;
import dev.slimline.probe.ProbeOutcome;
import dev.slimline.probe.ProbeTarget;
import dev.slimline.probe.TcpSource;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's companion services (a database the application needs): started on the job's private
 * network before the application, each reachable there by its name, ready before the application
 * starts, and removed when the run they served is over. They are not observed or slimmed, but
 * sandboxed and limited like every container of the job.
 */
final class Companions {

    private static final Duration POLL = Duration.ofMillis(250);

    /** Services of one run (observation or verification), with their output. */
    static final class Running implements Closeable {

        private final JobRun run;
        private final List<String> ids = new ArrayList<>();
        private final List<AppOutput> outputs = new ArrayList<>();

        private Running(JobRun run) {
            this.run = run;
        }

        /** Removes the services now; the job's clean-up would remove them anyway. */
        @Override
        public void close() {
            outputs.forEach(AppOutput::close);
            ids.forEach(run::removeContainer);
        }
    }

    private Companions() {
    }

    /**
     * Pulls what is missing (per the job's pull policy), then starts every service of the job and
     * waits until each is ready.
     *
     * @param role {@code service} while observing, {@code verify-service} for verification
     * @param phase the phase a failure is reported in
     */
    static Running start(JobRun run, String role, Phase phase) {
        SlimSpec spec = run.spec();
        Running running = new Running(run);
        if (spec.services().isEmpty()) {
            return running;
        }
        String network = run.network();
        try {
            for (SlimSpec.Service service : spec.services()) {
                pullIfNeeded(run, service, phase);
                ContainerSpec container = ContainerSpec.of(service.image())
                        .withCommand(null, service.cmd())
                        .withProcess(ProbePhase.envEntries(service.env()), null, null)
                        .withLabels(run.labels(role))
                        .withLimits(spec.limits().memoryBytes(), spec.limits().nanoCpus(), spec.limits().pids())
                        .withNetwork(network, List.of(service.name()));
                if (service.ready() != null && service.ready().tcpPort() != null) {
                    container = container.withPublishedPorts(List.of(service.ready().tcpPort() + "/tcp"),
                            run.docker().publishAddress());
                }
                String id = run.createContainer(container);
                running.ids.add(id);
                AppOutput output = new AppOutput();
                running.outputs.add(output);
                if (service.ready() != null && service.ready().logContains() != null) {
                    output.await(service.ready().logContains());
                }
                run.docker().container().start(id);
                output.follow(run, id, service.name() + "| ");
                awaitReady(run, service, id, output, phase);
            }
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    private static void pullIfNeeded(JobRun run, SlimSpec.Service service, Phase phase) {
        SlimSpec.PullPolicy policy = run.spec().pull();
        boolean present = policy != SlimSpec.PullPolicy.ALWAYS
                && run.docker().image().inspect(service.image()).isPresent();
        if (present) {
            return;
        }
        if (policy == SlimSpec.PullPolicy.NEVER) {
            throw new PipelineException(phase, "the image " + service.image() + " of service " + service.name()
                    + " is not on the daemon, and the job's pull policy is NEVER");
        }
        // the job's credentials belong to its image's registry: they go nowhere else
        RegistryCredentials credentials = ImageApi.registryOf(service.image())
                .equals(ImageApi.registryOf(run.spec().image())) ? run.spec().pullCredentials() : null;
        run.log("Pulling " + service.image() + " for service " + service.name());
        run.docker().image().pull(service.image(), credentials, status -> run.log("pull: " + status));
    }

    private static void awaitReady(JobRun run, SlimSpec.Service service, String id, AppOutput output, Phase phase) {
        Duration timeout = run.spec().probes().readinessTimeout();
        String name = service.name();
        SlimSpec.Ready ready = service.ready();
        try {
            if (ready == null) {
                requireRunning(run, name, id, output);
            } else if (ready.tcpPort() != null) {
                int port = ready.tcpPort();
                Integer hostPort = run.docker().container().inspect(id).hostPorts().get(port + "/tcp");
                if (hostPort == null) {
                    requireRunning(run, name, id, output);
                    throw new ProbeException("the daemon did not publish port " + port + " of service " + name);
                }
                new TcpSource(List.of(), List.of(port)).run(environment(run, name, id, output,
                        List.of(new ProbeTarget(port, run.docker().publishAddress(), hostPort)), timeout));
            } else if (ready.execProbe() != null) {
                awaitCommand(run, service, id, output, timeout);
            } else {
                awaitOutput(run, service, id, output, timeout);
            }
        } catch (ProbeException e) {
            throw new PipelineException(phase, "service " + name + " did not become ready: " + e.getMessage(), e);
        }
        run.log("Service " + name + " is ready");
    }

    private static void awaitCommand(JobRun run, SlimSpec.Service service, String id, AppOutput output,
            Duration timeout) {
        ProbeEnvironment environment = environment(run, service.name(), id, output, List.of(), timeout);
        ExecSource check = new ExecSource(List.of(service.ready().execProbe()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ProbeOutcome outcome = check.run(environment).get(0);
            if (outcome.passed()) {
                return;
            }
            requireRunning(run, service.name(), id, output);
            if (System.nanoTime() > deadline) {
                throw new ProbeException("its ready command " + outcome.error() + " after " + timeout.toSeconds()
                        + " s (" + outcome.answer() + ")");
            }
            sleep(POLL);
        }
    }

    private static void awaitOutput(JobRun run, SlimSpec.Service service, String id, AppOutput output,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output.printedAwaited()) {
            requireRunning(run, service.name(), id, output);
            if (System.nanoTime() > deadline) {
                throw new ProbeException("it did not print \"" + service.ready().logContains() + "\" within "
                        + timeout.toSeconds() + " s; " + output.describeTail());
            }
            sleep(POLL);
        }
    }

    private static ProbeEnvironment environment(JobRun run, String name, String id, AppOutput output,
            List<ProbeTarget> targets, Duration timeout) {
        ProbeEnvironment.CommandRunner commands = (cmd, user, env, commandTimeout) -> {
            ExecResult result = run.docker().exec().run(id, cmd, user, ProbePhase.envEntries(env), commandTimeout,
                    ProbePhase.COMMAND_OUTPUT_BYTES);
            return new ProbeEnvironment.CommandResult(result.exitCode(), result.stdout(), result.output());
        };
        return new ProbeEnvironment(targets, commands,
                ProbePhase.timing(run.spec().probes()).withReadiness(timeout),
                () -> whyDead(run, name, id, output), line -> { });
    }

    private static void requireRunning(JobRun run, String name, String id, AppOutput output) {
        String dead = whyDead(run, name, id, output);
        if (dead != null) {
            throw new ProbeException(dead);
        }
    }

    private static String whyDead(JobRun run, String name, String id, AppOutput output) {
        ContainerState state = run.docker().container().inspect(id);
        return state.running() ? null : "service " + name + " exited with code " + state.exitCode()
                + (state.oomKilled() ? " (out of memory)" : "") + "; " + output.describeTail();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted while waiting for a service");
        }
    }
}
