package dev.slimline.docker;

import static dev.slimline.docker.DaemonConnection.shortId;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands run inside running containers on one daemon ({@code docker exec}). */
public final class ExecApi {

    private final DaemonConnection daemon;

    ExecApi(DaemonConnection daemon) {
        this.daemon = daemon;
    }

    /**
     * Runs a command in a running container as its user, waits for it, and returns its exit code
     * and output (the first {@code maxOutputBytes}). A command still running after {@code timeout}
     * gives exit code -1; the daemon has no way to kill an exec, it ends with its container.
     */
    public ExecResult run(String id, List<String> command, Duration timeout, int maxOutputBytes) {
        return run(id, command, null, List.of(), timeout, maxOutputBytes);
    }

    /**
     * As {@link #run(String, List, Duration, int)}, as {@code user} (null: the container's) with
     * {@code env} ({@code NAME=value}) added to the container's environment.
     */
    public ExecResult run(String id, List<String> command, String user, List<String> env, Duration timeout,
            int maxOutputBytes) {
        return daemon.call("run " + command + " in container " + shortId(id), () -> {
            var create = daemon.client.execCreateCmd(id).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true);
            if (user != null) {
                create.withUser(user);
            }
            if (!env.isEmpty()) {
                create.withEnv(env);
            }
            String execId = create.exec().getId();
            CappedOutput output = new CappedOutput(maxOutputBytes);
            boolean finished = daemon.streamingClient.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    output.add(frame.getStreamType(), frame.getPayload());
                }
            }).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Long exitCode = finished ? daemon.client.inspectExecCmd(execId).exec().getExitCodeLong() : null;
            return new ExecResult(exitCode == null ? -1 : exitCode.intValue(), output.all(), output.stdout());
        });
    }
}
