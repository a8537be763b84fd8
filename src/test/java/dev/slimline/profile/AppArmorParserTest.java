package dev.slimline.profile;

import static dev.slimline.profile.AccessType.EXEC;
import static dev.slimline.profile.AccessType.LINK;
import static dev.slimline.profile.AccessType.LIST;
import static dev.slimline.profile.AccessType.READ;
import static dev.slimline.profile.AccessType.STAT;
import static dev.slimline.profile.AccessType.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks generated profiles with AppArmor's own parser (Debian's {@code apparmor} package), in
 * parse-only mode: nothing is loaded into the kernel, which need not have AppArmor. Without the
 * parser these tests fail when {@code CI=true} and are skipped otherwise.
 */
class AppArmorParserTest {

    private static Path parser;

    private final AppArmorProfileGenerator generator = new AppArmorProfileGenerator();

    @TempDir
    Path dir;

    @BeforeAll
    static void findParser() {
        parser = Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")),
                        Stream.of("/usr/sbin", "/sbin"))
                .filter(p -> !p.isEmpty())
                .map(p -> Path.of(p, "apparmor_parser"))
                .filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (parser == null) {
            String message = "apparmor_parser not found (apt-get install apparmor)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + "; CI=true, so this fails instead of being skipped");
            }
            Assumptions.abort(message);
        }
    }

    @Test
    void acceptsAProfileWithEveryKindOfRule() throws Exception {
        Map<String, Set<AccessType>> paths = new HashMap<>();
        paths.put("/www/index.html", Set.of(READ));
        paths.put("/www", Set.of(LIST, STAT));
        paths.put("/", Set.of(LIST));
        paths.put("/var/lib/app/state.db", Set.of(READ, WRITE));
        paths.put("/usr/bin/python3.11", Set.of(EXEC, READ));
        paths.put("/usr/lib/x86_64-linux-gnu/libssl.so.3", Set.of(READ));
        paths.put("/etc/localtime", Set.of(LINK, STAT));
        paths.put("/proc/self/status", Set.of(READ));
        paths.put("/proc/12/task/13/comm", Set.of(READ, WRITE));
        paths.put("/dev/pts/3", Set.of(READ, WRITE));
        paths.put("/proc/sys/net/core/somaxconn", Set.of(READ, WRITE));

        AppArmorProfile profile = generator.generate("python-app", paths, List.of("/bin/busybox"),
                List.of("5000/tcp", "53/udp"));

        assertThat(parse(profile.text(), false).exitCode()).as(profile.text()).isZero();
    }

    @Test
    void readsOddPathsAsLiteralBytesNotAsGlobsOrVariables() throws Exception {
        Map<String, Set<AccessType>> paths = new HashMap<>();
        paths.put("/srv/odd/a*b?c[d]e{f,g}h^i", Set.of(READ));
        paths.put("/srv/odd/@{HOME}", Set.of(READ));
        paths.put("/srv/odd/quote\"back\\slash", Set.of(READ));
        paths.put("/srv/odd/new\nline caf\u00e9", Set.of(READ, WRITE));

        AppArmorProfile profile = generator.generate("odd", paths, List.of(), List.of());
        Parsed parsed = parse(profile.text(), true);

        assertThat(parsed.exitCode()).as(parsed.output()).isZero();
        // the parser's debug output shows each rule's pattern as its regular expression: a glob
        // would appear as [^/\x00], an alternation as (f|g), a variable as its expansion
        List<String> odd = parsed.output().lines().filter(line -> line.startsWith("aare: /srv/odd/")).toList();
        assertThat(odd).hasSize(4).allSatisfy(line -> assertThat(line)
                .doesNotContain("[^/\\x00]", "(f|g)", "/root", "/home/"));
    }

    @Test
    void theParserRejectsABrokenProfile() throws Exception {
        // the check above is only worth something if the parser really parses
        String broken = generator.generate("app", Map.of("/etc/x", Set.of(READ)), List.of(), List.of()).text()
                .replace("\"/etc/x\" r,", "\"/etc/\"x\" r,");

        assertThat(parse(broken, false).exitCode()).isNotZero();
    }

    private record Parsed(int exitCode, String output) {
    }

    private Parsed parse(String profile, boolean dumpRules) throws IOException, InterruptedException {
        Path file = dir.resolve("profile");
        Files.writeString(file, profile, StandardCharsets.US_ASCII);
        List<String> command = new ArrayList<>(List.of(parser.toString(), "--skip-kernel-load", "--skip-cache"));
        if (dumpRules) {
            command.addAll(List.of("-D", "rule-exprs"));
        }
        command.add(file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("apparmor_parser took more than a minute");
        }
        return new Parsed(process.exitValue(), output);
    }
}
