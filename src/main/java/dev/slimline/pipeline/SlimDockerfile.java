package dev.slimline.pipeline;

import dev.slimline.docker.ImageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The instructions that give the filtered root filesystem the original image's configuration.
 * Every value is written in the quoted (JSON or double-quoted) form with {@code $} escaped, so
 * nothing from the image's configuration is expanded or parsed as an instruction.
 */
final class SlimDockerfile {

    static final String STOPSIGNAL = "STOPSIGNAL ";

    private SlimDockerfile() {
    }

    /**
     * The published recipe: the filtered filesystem ({@code rootfs.tar}) added to scratch, then the
     * configuration.
     *
     * @param config the original configuration
     * @param labels labels to add to the original ones
     */
    static String fromScratch(ImageConfig config, Map<String, String> labels) {
        StringBuilder out = new StringBuilder("FROM scratch\nADD rootfs.tar /\n");
        instructions(config, labels).forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /**
     * The configuration as Dockerfile instructions, one per line, without a {@code FROM}: the
     * same lines serve a Dockerfile and the Engine's import {@code changes}.
     */
    static List<String> instructions(ImageConfig config, Map<String, String> labels) {
        List<String> out = new ArrayList<>();
        // one ENV and one LABEL instruction: each instruction costs the builder a container
        StringBuilder env = new StringBuilder();
        for (String variable : config.env()) {
            int eq = variable.indexOf('=');
            if (eq > 0) {
                env.append(' ').append(variable, 0, eq).append('=').append(quoted(variable.substring(eq + 1)));
            }
        }
        if (!env.isEmpty()) {
            out.add("ENV" + env);
        }
        Map<String, String> allLabels = new TreeMap<>(config.labels());
        allLabels.putAll(labels);
        if (!allLabels.isEmpty()) {
            StringBuilder label = new StringBuilder("LABEL");
            allLabels.forEach((key, value) -> label.append(' ').append(quoted(key)).append('=').append(quoted(value)));
            out.add(label.toString());
        }
        for (String port : config.exposedPorts()) {
            out.add("EXPOSE " + bare(port));
        }
        if (!config.volumes().isEmpty()) {
            out.add("VOLUME " + jsonArray(config.volumes()));
        }
        if (config.workingDir() != null) {
            out.add("WORKDIR " + bare(config.workingDir()));
        }
        if (config.user() != null) {
            out.add("USER " + bare(config.user()));
        }
        if (config.stopSignal() != null) {
            out.add(STOPSIGNAL + bare(config.stopSignal()));
        }
        if (config.healthcheck() != null) {
            out.add(healthcheck(config.healthcheck()));
        }
        if (!config.entrypoint().isEmpty()) {
            out.add("ENTRYPOINT " + jsonArray(config.entrypoint()));
        }
        if (!config.cmd().isEmpty()) {
            out.add("CMD " + jsonArray(config.cmd()));
        }
        return out;
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
