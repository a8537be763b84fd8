package dev.slimline.rootfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole rootfs path against the real engine: export a never-started container, index it, keep
 * what {@code /bin/ls} needs, filter, import, and run the slim image. The image slimmed is the
 * Debian base plus two files that carry metadata the filter must not lose: a file capability
 * (xattr {@code security.capability}) and a setuid bit.
 */
@RequiresDocker
class RootfsIT {

    private static final String LABEL = "slimline.test";
    private static final String LABEL_VALUE = "rootfs-it";
    private static final String REPOSITORY = "slimline-rootfs-it";

    private final List<String> containers = new ArrayList<>();
    private final List<String> images = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeWhatTheTestMade(DockerApi docker) {
        containers.forEach(docker.container()::remove);
        images.forEach(image -> docker.image().remove(image, true));
    }

    @Test
    void aSlimDebianKeepsWhatLsNeedsRunsItAndKeepsCapabilitiesAndSetuid(DockerApi docker) throws IOException {
        String fixture = importFixture(docker);
        String exportId = createdContainer(docker, fixture);

        long started = System.nanoTime();
        ImageIndex index;
        try (InputStream export = docker.container().export(exportId)) {
            index = ImageIndexer.index(export, RootfsLimits.DEFAULT);
        }
        KeepSet keep = new KeepSetBuilder(index)
                .observed(List.of("/bin/ls", "/usr/local/bin/capls", "/usr/local/bin/suidls")).build();
        ByteArrayOutputStream slimTar = new ByteArrayOutputStream();
        FilterStats stats;
        try (InputStream export = docker.container().export(exportId)) {
            stats = TarFilter.filter(export, keep, slimTar, RootfsLimits.DEFAULT);
        }
        System.out.printf("RootfsIT: indexed %d entries, kept %d (%d bytes) in %.1f s%n", index.size(),
                stats.keptEntries(), stats.keptBytes(), (System.nanoTime() - started) / 1e9);

        assertThat(keep.warnings()).isEmpty();
        assertThat(keep.contains("/usr/lib/x86_64-linux-gnu/libselinux.so.1")).isTrue();
        assertThat(keep.contains("/usr/bin/cat")).isFalse();
        assertThat(stats.keptEntries()).isLessThan(60);
        assertThat(stats.droppedEntries()).isGreaterThan(5000);

        String slim = importImage(docker, new ByteArrayInputStream(slimTar.toByteArray()), "slim",
                List.of("CMD [\"/bin/ls\", \"/\"]"));

        assertThat(output(docker, slim, List.of())).contains("bin", "etc", "lib", "tmp", "usr")
                .doesNotContain("home", "srv");
        assertThat(output(docker, slim, List.of("/usr/local/bin/capls", "/usr/local/bin"))).contains("suidls");
        assertThat(output(docker, slim, List.of("/usr/local/bin/suidls", "/etc"))).contains("passwd", "group");

        Map<String, TarEntry> slimEntries = exportedEntries(docker, createdContainer(docker, slim));
        assertThat(slimEntries.get("/usr/local/bin/capls").pax().get("SCHILY.xattr.security.capability"))
                .isEqualTo(TarFilterTest.CAPABILITY);
        assertThat(slimEntries.get("/usr/local/bin/suidls").mode() & 07777).isEqualTo(04755);
        assertThat(slimEntries.get("/tmp").mode() & 07777).isEqualTo(01777);
        assertThat(slimEntries).doesNotContainKey("/usr/bin/cat");
    }

    /**
     * The Debian base's filesystem plus {@code /usr/local/bin/capls} (ls with a file capability)
     * and {@code /usr/local/bin/suidls} (ls, setuid root), imported as an image. {@code setcap} is
     * not in the base, so the capability is written straight into the tar as a PAX xattr record.
     */
    private String importFixture(DockerApi docker) throws IOException {
        String base = TestImages.debianBase();
        String baseContainer = createdContainer(docker, base);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] ls = null;
        try (InputStream export = docker.container().export(baseContainer)) {
            TarReader reader = new TarReader(export, RootfsLimits.DEFAULT);
            for (TarEntry e = reader.next(); e != null; e = reader.next()) {
                tar.write(e.rawHeader());
                if ("/usr/bin/ls".equals(e.path())) {
                    ls = reader.content().readAllBytes();
                    tar.write(ls);
                    tar.write(new byte[(int) ((512 - ls.length % 512) % 512)]);
                } else {
                    reader.copyContent(tar);
                }
            }
        }
        assertThat(ls).as("the base image's /usr/bin/ls").isNotNull();
        TarArchiveEntry capls = new TarArchiveEntry("usr/local/bin/capls");
        capls.setMode(0100755);
        capls.setSize(ls.length);
        Map<String, byte[]> xattr = new LinkedHashMap<>();
        xattr.put("SCHILY.xattr.security.capability", TarFilterTest.CAPABILITY);
        tar.write(TestTar.paxThen(xattr, TestTar.write(capls, ls)));
        TarArchiveEntry suidls = new TarArchiveEntry("usr/local/bin/suidls");
        suidls.setMode(0104755);
        suidls.setSize(ls.length);
        tar.write(TestTar.write(suidls, ls));
        tar.write(new byte[1024]);
        return importImage(docker, new ByteArrayInputStream(tar.toByteArray()), "fixture", List.of());
    }

    private String importImage(DockerApi docker, InputStream tar, String kind, List<String> extraChanges) {
        List<String> changes = new ArrayList<>(extraChanges);
        changes.add("LABEL " + LABEL + "=" + LABEL_VALUE);
        String id = docker.image().importFilesystem(tar, REPOSITORY, kind + "-" + run, changes);
        images.add(id);
        return id;
    }

    private String createdContainer(DockerApi docker, String image) {
        String id = docker.container().create(ContainerSpec.of(image).withCommand(null, List.of("/never-started"))
                .withLabels(Map.of(LABEL, LABEL_VALUE)));
        containers.add(id);
        return id;
    }

    /** Runs the image (with {@code cmd}, or its own CMD when empty) to its end and returns its output. */
    private String output(DockerApi docker, String image, List<String> cmd) throws IOException {
        String id = docker.container().create(ContainerSpec.of(image).withCommand(null, cmd.isEmpty() ? null : cmd)
                .withLabels(Map.of(LABEL, LABEL_VALUE)));
        containers.add(id);
        docker.container().start(id);
        int exit = docker.container().awaitExit(id, Duration.ofSeconds(60));
        StringBuilder out = new StringBuilder();
        try (Closeable logs = docker.container().logs(id, false, line -> out.append(line).append('\n'))) {
            assertThat(logs).isNotNull();
        }
        assertThat(exit).as("exit code of %s, output: %s", cmd, out).isZero();
        return out.toString();
    }

    private static Map<String, TarEntry> exportedEntries(DockerApi docker, String container) throws IOException {
        Map<String, TarEntry> entries = new HashMap<>();
        try (InputStream export = docker.container().export(container)) {
            TarReader reader = new TarReader(export, RootfsLimits.DEFAULT);
            for (TarEntry e = reader.next(); e != null; e = reader.next()) {
                entries.put(e.path(), e);
            }
        }
        return entries;
    }
}
