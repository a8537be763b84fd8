package dev.slimline.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the sensor built for this machine directly (not in a container) on small programs, in both
 * of its tracing modes, and checks its report.
 */
class SensorHostIT {

    private static final Path TEST_PROGRAM = Path.of("target", "test-c", "sensor-testprog").toAbsolutePath();
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    @TempDir
    Path dir;

    private Path sensor;
    private Path files;

    @BeforeEach
    void installSensor() throws IOException {
        sensor = dir.resolve("slimline-sensor");
        Files.write(sensor, SensorBinary.forArchitecture("amd64").executable());
        Files.setPosixFilePermissions(sensor, PosixFilePermissions.fromString("rwxr-xr-x"));
        files = Files.createDirectory(dir.resolve("files")).toRealPath();
    }

    @ParameterizedTest
    @ValueSource(strings = {"seccomp", "syscall"})
    void recordsWhatAShellScriptReadsListsAndExecutes(String mode) throws Exception {
        Path read = touch("read");
        Run run = run(mode, 10, "sh", "-c", "cat " + read + "; ls " + files + " > /dev/null; exec sleep 0");

        assertThat(run.exitCode()).isZero();
        SensorReport report = run.report();
        assertThat(report.traceMode()).isEqualTo(mode);
        assertThat(report.stoppedBy()).isEqualTo(StopReason.EXIT);
        assertThat(report.app().exitCode()).isZero();
        assertThat(report.file(read.toString()).orElseThrow().ok()).contains(AccessKind.READ);
        assertThat(report.file(files.toString()).orElseThrow().ok()).contains(AccessKind.LIST);
        String sleep = firstOnPath("sleep");
        assertThat(report.file(sleep).orElseThrow().ok()).contains(AccessKind.EXEC);
        assertThat(report.processes()).anySatisfy(p -> {
            assertThat(p.exe()).isEqualTo(Path.of(sleep).toRealPath().toString());
            assertThat(p.argv()).containsExactly("sleep", "0");
        });
        assertThat(report.syscalls()).containsKeys("execve", "openat", "exit_group");
        assertThat(report.syscalls().get("execve")).isGreaterThanOrEqualTo(3);
        assertThat(report.truncated()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"seccomp", "syscall"})
    void followsThreads(String mode) throws Exception {
        Path a = touch("a");
        Path b = touch("b");
        Path c = touch("c");

        Run run = run(mode, 10, TEST_PROGRAM.toString(), "threads", a.toString(), b.toString(), c.toString());

        assertThat(run.exitCode()).isZero();
        for (Path path : List.of(a, b, c)) {
            assertThat(run.report().file(path.toString())).as(path.toString()).get()
                    .satisfies(f -> assertThat(f.ok()).containsExactly(AccessKind.READ));
        }
        assertThat(run.report().syscalls().keySet()).containsAnyOf("clone3", "clone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"seccomp", "syscall"})
    void followsForksAndExecsOfGrandchildren(String mode) throws Exception {
        Path data = touch("data");

        Run run = run(mode, 10, TEST_PROGRAM.toString(), "forkexec", "cat", data.toString());

        assertThat(run.exitCode()).isZero();
        SensorReport report = run.report();
        assertThat(report.file(data.toString()).orElseThrow().ok()).containsExactly(AccessKind.READ);
        int app = report.processes().get(0).pid();
        ProcessRecord cat = report.processes().stream().filter(p -> p.argv().equals(List.of("cat", data.toString())))
                .findFirst().orElseThrow();
        assertThat(cat.ppid()).as("cat's parent is the app's child, not the app").isNotEqualTo(app);
        assertThat(cat.pid()).isNotEqualTo(app);
        assertThat(cat.cwd()).isEqualTo(Path.of("").toAbsolutePath().toString());
        assertThat(report.syscalls()).containsKeys("wait4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"seccomp", "syscall"})
    void resolvesPathsRelativeToADirectoryFdOrTheWorkingDirectory(String mode) throws Exception {
        Path x = touch("x");
        Path sub = Files.createDirectory(files.resolve("sub"));

        Run viaFd = run(mode, 10, TEST_PROGRAM.toString(), "dirfd", files.toString(), "x");
        Run viaCwd = run(mode, 10, TEST_PROGRAM.toString(), "chdir", sub.toString(), "./../x");

        assertThat(viaFd.exitCode()).isZero();
        assertThat(viaFd.report().file(x.toString()).orElseThrow().ok()).containsExactly(AccessKind.READ);
        assertThat(viaFd.report().file(files.toString()).orElseThrow().ok()).containsExactly(AccessKind.LIST);
        assertThat(viaCwd.exitCode()).isZero();
        assertThat(viaCwd.report().file(x.toString()).orElseThrow().ok()).containsExactly(AccessKind.READ);
        assertThat(viaCwd.report().file(sub.toString()).orElseThrow().ok()).containsExactly(AccessKind.STAT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seccomp", "syscall"})
    void recordsAFailedOpenAsFailed(String mode) throws Exception {
        Run run = run(mode, 10, TEST_PROGRAM.toString(), "dirfd", files.toString(), "missing");

        assertThat(run.exitCode()).isEqualTo(1);
        FileAccess missing = run.report().file(files.resolve("missing").toString()).orElseThrow();
        assertThat(missing.ok()).isEmpty();
        assertThat(missing.failed()).containsExactly(AccessKind.READ);
    }

    @Test
    void exitsWithTheAppsStatus() throws Exception {
        Run exits = run("auto", 10, TEST_PROGRAM.toString(), "exit", "3");
        Run killed = run("auto", 10, TEST_PROGRAM.toString(), "kill-self", "9");

        assertThat(exits.exitCode()).isEqualTo(3);
        assertThat(exits.report().app()).satisfies(a -> {
            assertThat(a.exitCode()).isEqualTo(3);
            assertThat(a.signal()).isNull();
        });
        assertThat(killed.exitCode()).isEqualTo(128 + 9);
        assertThat(killed.report().app()).satisfies(a -> {
            assertThat(a.exitCode()).isEqualTo(137);
            assertThat(a.signal()).isEqualTo(9);
        });
    }

    @Test
    void saysWhenTheAppCannotBeStarted() throws Exception {
        Run run = run("auto", 10, "no-such-program-anywhere");

        assertThat(run.exitCode()).isEqualTo(127);
        assertThat(run.report().app().startError()).isEqualTo("No such file or directory");
        assertThat(run.report().processes()).isEmpty();
    }

    @Test
    void passesSigtermOnAndReportsWhatTheAppDidAfterIt() throws Exception {
        Path afterTerm = touch("after-term");
        Process sensorProcess = start("auto", 10, TEST_PROGRAM.toString(), "on-term-open", afterTerm.toString());
        awaitReady(sensorProcess);

        sensorProcess.destroy();

        assertThat(sensorProcess.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sensorProcess.exitValue()).isZero();
        SensorReport report = readReport();
        assertThat(report.stoppedBy()).isEqualTo(StopReason.SIGTERM);
        assertThat(report.graceExpired()).isFalse();
        assertThat(report.file(afterTerm.toString()).orElseThrow().ok()).containsExactly(AccessKind.READ);
    }

    @Test
    void killsAnAppThatIgnoresSigtermAfterTheGracePeriod() throws Exception {
        Process sensorProcess = start("auto", 1, TEST_PROGRAM.toString(), "ignore-term");
        awaitReady(sensorProcess);

        sensorProcess.destroy();

        assertThat(sensorProcess.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sensorProcess.exitValue()).isEqualTo(128 + 9);
        SensorReport report = readReport();
        assertThat(report.stoppedBy()).isEqualTo(StopReason.SIGTERM);
        assertThat(report.graceExpired()).isTrue();
        assertThat(report.app().signal()).isEqualTo(9);
    }

    @Test
    void saysWhenItHitsItsLimits() throws Exception {
        Run run = run(List.of("--max-files", "2", "--max-processes", "1"), "sh", "-c",
                "cat " + touch("a") + " " + touch("b") + " " + touch("c") + " > /dev/null");

        assertThat(run.exitCode()).isZero();
        assertThat(run.report().truncated()).isTrue();
        assertThat(run.report().truncatedParts()).containsExactlyInAnyOrder("files", "processes");
        assertThat(run.report().files()).hasSizeLessThanOrEqualTo(2);
        assertThat(run.report().processes()).hasSize(1);
    }

    @Test
    void writesPathsThatAreNotUtf8SoTheirBytesCanBeRecovered() throws Exception {
        Run run = run("auto", 10, TEST_PROGRAM.toString(), "open-odd-name");

        assertThat(run.report().file("/nonexistent/odd-\udcff\u0001-name")).get()
                .satisfies(f -> assertThat(f.failed()).containsExactly(AccessKind.READ));
    }

    @ParameterizedTest
    @ValueSource(strings = {"seccomp", "syscall"})
    void reportsTheErrorsOfFailedCallsByKind(String mode) throws Exception {
        Path dir = Files.createDirectory(files.resolve("existing-dir"));
        Path file = touch("existing-file");

        Run run = run(mode, 10, TEST_PROGRAM.toString(), "fail-on-existing", dir.toString(), file.toString());

        assertThat(run.exitCode()).as("every call failed as the program expects").isZero();
        assertThat(run.report().file(dir.toString()).orElseThrow().errors())
                .isEqualTo(Map.of(AccessKind.WRITE, Set.of("EEXIST")));
        assertThat(run.report().file(file.toString()).orElseThrow().errors())
                .isEqualTo(Map.of(AccessKind.WRITE, Set.of("EEXIST"), AccessKind.LINK, Set.of("EINVAL")));
        assertThat(run.report().file(dir.resolve("missing").toString()).orElseThrow().errors())
                .isEqualTo(Map.of(AccessKind.READ, Set.of("ENOENT")));
    }

    @Test
    void fastLetsTheStatOfADescriptorPassUnseenButStillSeesEveryStatOfAPath() throws Exception {
        Path file = touch("stat-by-path");
        Path relative = touch("stat-by-dirfd");

        Map<String, SensorReport> reports = underBothFilters("every stat succeeded", "stat-forms", file.toString(),
                files.toString(), relative.getFileName().toString());

        for (SensorReport report : reports.values()) {
            assertThat(report.file(file.toString()).orElseThrow().ok()).contains(AccessKind.STAT);
            assertThat(report.file(relative.toString()).orElseThrow().ok()).contains(AccessKind.STAT);
        }
        SensorReport exact = reports.get("exact");
        SensorReport fast = reports.get("fast");
        assertThat(fast.allowedWithoutObservation()).contains("newfstatat", "statx");
        assertThat(exact.syscalls().getOrDefault("statx", 0L)).as("EXACT counts every statx").isGreaterThanOrEqualTo(5);
        assertThat(fast.syscalls()).as("FAST saw no statx: each named only a descriptor").doesNotContainKey("statx");
        assertThat(exact.syscalls().get("newfstatat") - fast.syscalls().get("newfstatat"))
                .as("the five newfstatat(fd, \"\", AT_EMPTY_PATH) passed FAST's filter, the path forms stopped")
                .isGreaterThanOrEqualTo(5);
        assertThat(fast.syscalls().get("newfstatat")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void fastLetsAPlainCloneThroughButStopsOneThatAsksForANamespace() throws Exception {
        Map<String, SensorReport> reports = underBothFilters("the plain clones worked", "clone-forms");

        assertThat(reports.get("exact").syscalls().get("clone")).as("EXACT counts all four").isEqualTo(4);
        assertThat(reports.get("fast").syscalls().get("clone")).as("FAST stops only clone(CLONE_NEWUTS)").isEqualTo(1);
    }

    /** The test program's reports under EXACT and under FAST, by filter; it must exit 0 ({@code succeeded}) in both. */
    private Map<String, SensorReport> underBothFilters(String succeeded, String... testProgramArgs) throws Exception {
        List<String> app = new ArrayList<>(List.of(TEST_PROGRAM.toString()));
        app.addAll(List.of(testProgramArgs));
        Map<String, SensorReport> reports = new LinkedHashMap<>();
        for (String filter : List.of("exact", "fast")) {
            Run run = run(List.of("--mode", "seccomp", "--filter", filter), app.toArray(String[]::new));
            assertThat(run.exitCode()).as(succeeded + " under " + filter).isZero();
            reports.put(filter, run.report());
        }
        return reports;
    }

    private Path touch(String name) throws IOException {
        return Files.writeString(files.resolve(name), name);
    }

    private static String firstOnPath(String program) {
        for (String directory : PATH.split(":")) {
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(program + " is not on " + PATH);
    }

    private record Run(int exitCode, SensorReport report) {
    }

    private Run run(String mode, int grace, String... app) throws Exception {
        return run(List.of("--mode", mode, "--grace", Integer.toString(grace)), app);
    }

    private Run run(List<String> options, String... app) throws Exception {
        Process process = start(options, app);
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the sensor ended").isTrue();
        return new Run(process.exitValue(), readReport());
    }

    private Process start(String mode, int grace, String... app) throws IOException {
        return start(List.of("--mode", mode, "--grace", Integer.toString(grace)), app);
    }

    private Process start(List<String> options, String... app) throws IOException {
        Files.deleteIfExists(dir.resolve("report.json"));
        List<String> command = new ArrayList<>(List.of(sensor.toString(), "--report", dir.resolve("report.json").toString()));
        command.addAll(options);
        command.add("--");
        command.addAll(List.of(app));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PATH", PATH);
        return builder.start();
    }

    private static void awaitReady(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");
    }

    private SensorReport readReport() throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve("report.json"))) {
            return new SensorReportParser().parse(in);
        }
    }
}
