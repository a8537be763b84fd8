package dev.slimline.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.DockerOperationException;
import dev.slimline.testsupport.RequiresDocker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated seccomp profiles on the real engine. The program under them is
 * {@code src/test/c/seccomp-probe.c}, compiled here without a C library: it makes only uname,
 * write and exit_group (checked with strace), so what it needs beyond those is the runtime's.
 */
@RequiresDocker
class SeccompProfileIT {

    private static final String LABEL = "slimline.test";
    private static final Map<String, String> LABELS = Map.of(LABEL, "seccomp-profile-it");
    private static final Set<String> PROBE_SYSCALLS = Set.of("uname", "write", "exit_group");
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String image;

    private final DockerApi docker;
    private final SeccompProfileGenerator generator = new SeccompProfileGenerator();
    private final List<String> containers = new ArrayList<>();

    SeccompProfileIT(DockerApi docker) {
        this.docker = docker;
    }

    @BeforeAll
    static void buildProbeImage(DockerApi docker, @TempDir Path dir) throws Exception {
        Path binary = dir.resolve("seccomp-probe");
        compile(Path.of(System.getProperty("basedir", ""), "src", "test", "c", "seccomp-probe.c"), binary);
        String tag = "slimline-test/seccomp-probe:" + UUID.randomUUID().toString().substring(0, 8);
        docker.image().build(new ByteArrayInputStream(context(Files.readAllBytes(binary))), Set.of(tag), LABELS,
                line -> { });
        image = tag;
    }

    @AfterAll
    static void removeProbeImage(DockerApi docker) {
        if (image != null) {
            docker.image().remove(image, true);
        }
    }

    @AfterEach
    void removeContainers() {
        containers.forEach(docker.container()::remove);
    }

    @Test
    void startsAndExitsCleanlyUnderTheObservedCallsPlusTheRuntimeBase() {
        String json = generator.generate(PROBE_SYSCALLS, arch()).json();

        Run asRoot = run(json, null);
        assertThat(asRoot.exitCode()).as(asRoot.output()).isZero();
        assertThat(asRoot.output()).isEqualTo("uname ok: Linux\n");

        // another user takes runc through setgroups, setgid, setuid and handing over stdio
        Run asNobody = run(json, "65534:65534");
        assertThat(asNobody.exitCode()).as(asNobody.output()).isZero();
        assertThat(asNobody.output()).isEqualTo("uname ok: Linux\n");
    }

    @Test
    void aCallLeftOutOfTheProfileFailsWithEperm() {
        SeccompProfile profile = generator.generate(Set.of("write", "exit_group"), arch());
        assertThat(profile.allowed()).doesNotContain("uname");

        Run run = run(profile.json(), null);

        assertThat(run.output()).isEqualTo("uname failed\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void theComplainVariantOnlyLogsWhatTheProfileWouldDeny() {
        Run run = run(generator.generate(Set.of("write", "exit_group"), arch()).complainJson(), null);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).isEqualTo("uname ok: Linux\n");
    }

    @Test
    void withoutTheRuntimeBaseRuncCannotStartTheContainer() {
        ObjectNode profile = (ObjectNode) JSON.readTree(generator.generate(PROBE_SYSCALLS, arch()).json());
        ArrayNode names = (ArrayNode) profile.path("syscalls").get(0).path("names");
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).asString().equals("fstatfs")) {
                names.remove(i);
            }
        }
        String withoutFstatfs = JSON.writeValueAsString(profile);
        assertThat(withoutFstatfs).doesNotContain("fstatfs");

        String id = create(withoutFstatfs, null);

        assertThatThrownBy(() -> docker.container().start(id)).isInstanceOf(DockerOperationException.class)
                .hasMessageContaining("/proc/self/fd is on procfs").hasMessageContaining("operation not permitted");
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(String seccompJson, String user) {
        String id = create(seccompJson, user);
        docker.container().start(id);
        int exitCode = docker.container().awaitExit(id, EXIT_TIMEOUT);
        StringBuilder output = new StringBuilder();
        try (var logs = docker.container().logs(id, false, line -> output.append(line).append('\n'))) {
            return new Run(exitCode, output.toString());
        } catch (IOException e) {
            throw new IllegalStateException("close the log stream", e);
        }
    }

    private String create(String seccompJson, String user) {
        String id = docker.container().create(ContainerSpec.of(image)
                .withProcess(null, null, user)
                .withLabels(LABELS)
                .withSecurityOpts(List.of("seccomp=" + seccompJson)));
        containers.add(id);
        return id;
    }

    private String arch() {
        return docker.system().version().arch();
    }

    private static void compile(Path source, Path binary) throws IOException, InterruptedException {
        Process gcc = new ProcessBuilder("gcc", "-static", "-nostdlib", "-ffreestanding", "-fno-stack-protector",
                "-fno-pie", "-no-pie", "-O2", "-Wall", "-Wextra", "-Werror", "-o", binary.toString(),
                source.toString()).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IllegalStateException("gcc could not build " + source + ":\n" + output);
        }
    }

    private static byte[] context(byte[] probe) throws IOException {
        byte[] dockerfile = "FROM scratch\nCOPY seccomp-probe /seccomp-probe\nENTRYPOINT [\"/seccomp-probe\"]\n"
                .getBytes(StandardCharsets.UTF_8);
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            add(tar, "Dockerfile", dockerfile, 0100644);
            add(tar, "seccomp-probe", probe, 0100755);
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(mode);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
