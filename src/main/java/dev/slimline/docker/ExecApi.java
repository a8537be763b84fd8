package dev.slimline.docker;

import static dev.slimline.docker.DaemonConnection.shortId;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
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
        return daemon.call("run " + command + " in container " + shortId(id), () -> {
            String execId = daemon.client.execCreateCmd(id).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            StringBuilder output = new StringBuilder();
            boolean finished = daemon.streamingClient.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    synchronized (output) {
                        if (output.length() < maxOutputBytes) {
                            String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                            output.append(text, 0, Math.min(text.length(), maxOutputBytes - output.length()));
                        }
                    }
                }
            }).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Long exitCode = finished ? daemon.client.inspectExecCmd(execId).exec().getExitCodeLong() : null;
            synchronized (output) {
                return new ExecResult(exitCode == null ? -1 : exitCode.intValue(), output.toString());
            }
        });
    }
}
