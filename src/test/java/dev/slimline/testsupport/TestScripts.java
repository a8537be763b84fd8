package dev.slimline.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the test infrastructure scripts in {@code src/test/scripts} (a TLS daemon, a registry).
 * When one cannot do its job here (no root, a package missing) the calling test fails if
 * {@code CI=true}, as a missing Docker engine does, and is aborted otherwise.
 */
final class TestScripts {

    private static final Path SCRIPTS = Path.of(System.getProperty("basedir", ""), "src", "test", "scripts");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private TestScripts() {
    }

    /** What a script printed on stdout, or why it failed (its stderr goes to the test output). */
    record Outcome(String output, String problem) {

        /** The output; fails or aborts the calling test when the script failed. */
        String require() {
            return problem == null ? output : unavailable(problem);
        }

        /** {@code KEY=value} lines, as the scripts' {@code env} command prints them. */
        Map<String, String> values() {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : require().split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1).strip());
                }
            }
            return values;
        }
    }

    static Outcome run(String script, String command) {
        Path path = SCRIPTS.resolve(script);
        try {
            Process process = new ProcessBuilder("bash", path.toString(), command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Outcome(null, path + " " + command + " took longer than " + TIMEOUT);
            }
            if (process.exitValue() != 0) {
                return new Outcome(null, path + " " + command + " failed with exit code " + process.exitValue()
                        + " (see its output above)");
            }
            return new Outcome(new String(out, StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            return new Outcome(null, "could not run " + path + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted while running " + path);
        }
    }

    /** Fails the calling test when {@code CI=true}, aborts it otherwise. */
    static <T> T unavailable(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return Assertions.fail(message + " (CI=true, so this fails instead of being skipped)");
        }
        return Assumptions.abort(message);
    }
}
