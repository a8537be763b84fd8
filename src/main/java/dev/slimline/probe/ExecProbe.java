package dev.slimline.probe;

import java.util.List;
import java.util.Map;

/**
 * A command run inside the application's container ({@code docker exec}).
 *
 * @param cmd the program and its arguments
 * @param user who runs it; null means the container's user
 * @param env variables added to the container's environment
 * @param expectExitCode the exit code that counts as success
 * @param stdoutContains text its stdout must contain; null means any output
 * @param timeoutSeconds how long it may run
 */
public record ExecProbe(List<String> cmd, String user, Map<String, String> env, Integer expectExitCode,
        String stdoutContains, Integer timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 30;

    public ExecProbe {
        cmd = List.copyOf(cmd);
        env = env == null ? Map.of() : Map.copyOf(env);
        expectExitCode = expectExitCode == null ? 0 : expectExitCode;
        timeoutSeconds = timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
    }
}
