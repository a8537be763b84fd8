package dev.slimline.pipeline;

import dev.slimline.docker.ImageConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The Dockerfile that gives the filtered root filesystem the original image's configuration.
 * Every value is written in the quoted (JSON or double-quoted) form with {@code $} escaped, so
 * nothing from the image's configuration is expanded or parsed as an instruction.
 */
final class SlimDockerfile {

    private SlimDockerfile() {
    }

    /**
     * @param base what the file starts {@code FROM}
     * @param config the original configuration, after the job's overrides
     * @param labels labels to add to the original ones
     */
    static String render(String base, ImageConfig config, Map<String, String> labels) {
        StringBuilder out = new StringBuilder();
        out.append("FROM ").append(base).append('\n');
        // one ENV and one LABEL instruction: each instruction costs the builder a container
        StringBuilder env = new StringBuilder();
        for (String variable : config.env()) {
            int eq = variable.indexOf('=');
            if (eq > 0) {
                env.append(' ').append(variable, 0, eq).append('=').append(quoted(variable.substring(eq + 1)));
            }
        }
        if (!env.isEmpty()) {
            out.append("ENV").append(env).append('\n');
        }
        Map<String, String> allLabels = new TreeMap<>(config.labels());
        allLabels.putAll(labels);
        if (!allLabels.isEmpty()) {
            out.append("LABEL");
            allLabels.forEach((key, value) -> out.append(' ').append(quoted(key)).append('=').append(quoted(value)));
            out.append('\n');
        }
        for (String port : config.exposedPorts()) {
            out.append("EXPOSE ").append(bare(port)).append('\n');
        }
        if (!config.volumes().isEmpty()) {
            out.append("VOLUME ").append(jsonArray(config.volumes())).append('\n');
        }
        if (config.workingDir() != null) {
            out.append("WORKDIR ").append(bare(config.workingDir())).append('\n');
        }
        if (config.user() != null) {
            out.append("USER ").append(bare(config.user())).append('\n');
        }
        if (config.stopSignal() != null) {
            out.append("STOPSIGNAL ").append(bare(config.stopSignal())).append('\n');
        }
        if (config.healthcheck() != null) {
            out.append(healthcheck(config.healthcheck())).append('\n');
        }
        if (!config.entrypoint().isEmpty()) {
            out.append("ENTRYPOINT ").append(jsonArray(config.entrypoint())).append('\n');
        }
        if (!config.cmd().isEmpty()) {
            out.append("CMD ").append(jsonArray(config.cmd())).append('\n');
        }
        return out.toString();
    }

    private static String healthcheck(ImageConfig.Healthcheck check) {
        List<String> test = check.test();
        if (test.isEmpty() || test.get(0).equals("NONE")) {
            return "HEALTHCHECK NONE";
        }
        StringBuilder out = new StringBuilder("HEALTHCHECK");
        option(out, "interval", check.intervalNanos());
        option(out, "timeout", check.timeoutNanos());
        option(out, "start-period", check.startPeriodNanos());
        if (check.retries() > 0) {
            out.append(" --retries=").append(check.retries());
        }
        out.append(" CMD ");
        if (test.get(0).equals("CMD-SHELL") && test.size() > 1) {
            // the shell form, which Docker stores as CMD-SHELL; the builder does not expand it
            out.append(singleLine(test.get(1)));
        } else {
            out.append(jsonArray(test.subList(1, test.size())));
        }
        return out.toString();
    }

    private static void option(StringBuilder out, String name, long nanos) {
        if (nanos > 0) {
            out.append(" --").append(name).append('=').append(TimeUnit.NANOSECONDS.toMillis(nanos)).append("ms");
        }
    }

    static String jsonArray(List<String> values) {
        return values.stream().map(SlimDockerfile::json).collect(Collectors.joining(",", "[", "]"));
    }

    /** A JSON string; in exec form Docker does not expand variables. */
    private static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** An unquoted word: no line breaks (they would start a new instruction), {@code $} not expanded. */
    private static String bare(String value) {
        return singleLine(value).replace("$", "\\$");
    }

    private static String singleLine(String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a Dockerfile cannot hold a line break in a value: " + value.strip());
        }
        return value;
    }

    /** A double-quoted Dockerfile word: backslash escapes quote, backslash and dollar. */
    private static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"', '\\', '$' -> out.append('\\').append(c);
                case '\n', '\r' -> throw new IllegalArgumentException(
                        "a Dockerfile cannot hold a line break in a value: " + value.strip());
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
