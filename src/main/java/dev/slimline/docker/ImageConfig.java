package dev.slimline.docker;

import java.util.List;
import java.util.Map;

/**
 * The runtime part of an image's configuration: what a container of it starts with.
 * Lists are never null; absent strings are null.
 */
public record ImageConfig(
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        List<String> exposedPorts,
        List<String> volumes,
        Map<String, String> labels,
        String stopSignal,
        Healthcheck healthcheck) {

    public ImageConfig {
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Durations in nanoseconds, as the Engine API gives them. */
    public record Healthcheck(List<String> test, long intervalNanos, long timeoutNanos,
            long startPeriodNanos, int retries) {
        public Healthcheck {
            test = test == null ? List.of() : List.copyOf(test);
        }

        /**
         * The command Docker runs for the check: {@code CMD} runs its arguments, {@code CMD-SHELL}
         * runs them with {@code /bin/sh -c}; empty for {@code NONE} (a check switched off).
         */
        public List<String> command() {
            if (test.size() < 2) {
                return List.of();
            }
            return switch (test.get(0)) {
                case "CMD" -> test.subList(1, test.size());
                case "CMD-SHELL" -> List.of("/bin/sh", "-c", test.get(1));
                default -> List.of();
            };
        }
    }
}
