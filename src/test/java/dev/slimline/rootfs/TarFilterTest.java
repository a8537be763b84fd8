package dev.slimline.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarFilterTest {

    /** A file capability (cap_net_raw,cap_setuid+ep, VFS_CAP_REVISION_2): binary, not valid UTF-8. */
    static final byte[] CAPABILITY = {0x01, 0x00, 0x00, 0x02, (byte) 0x80, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    private static final String LONG = "usr/share/" + "a-rather-long-directory-name/".repeat(8) + "data.txt";

    private static TestTar image() {
        TestTar tar = TestTar.debianLike()
                .add("usr/bin/passwd", e -> {
                    e.setMode(0104755);
                    e.setIds(0, 0);
                    e.setNames("root", "shadow");
                    e.setModTime(1_234_567_890_000L);
                    e.setSize(6);
                }, "passwd".getBytes(StandardCharsets.UTF_8))
                .add("var/mail/", TarConstants.LF_DIR, e -> {
                    e.setMode(042775);
                    e.setIds(0, 8);
                    e.setNames("root", "mail");
                }, null)
                .hardlink("usr/bin/dir", "usr/bin/ls")
                .file(LONG, "long")
                .add("dev/", TarConstants.LF_DIR, e -> e.setMode(040755), null)
                .add("dev/null", TarConstants.LF_CHR, e -> {
                    e.setMode(020666);
                    e.setDevMajor(1);
                    e.setDevMinor(3);
                }, null)
                .add("usr/bin/big-ids", e -> {
                    e.setMode(0100755);
                    e.setIds(3_000_000, 3_000_001);
                    e.setNames("someone", "grp");
                    e.setSize(2);
                }, new byte[] {'h', 'i'})
                .file("../outside", "x")
                .symlink("usr/bin/abs", "/usr/bin/ls");
        Map<String, byte[]> pax = new LinkedHashMap<>();
        pax.put("SCHILY.xattr.security.capability", CAPABILITY);
        pax.put("SCHILY.xattr.user.note", "hello".getBytes(StandardCharsets.UTF_8));
        TarArchiveEntry ping = new TarArchiveEntry("usr/bin/ping");
        ping.setMode(0100755);
        ping.setSize(4);
        tar.raw("usr/bin/ping", TestTar.paxThen(pax, TestTar.write(ping, "ping".getBytes(StandardCharsets.UTF_8))));
        return tar;
    }

    private static ByteArrayOutputStream out = new ByteArrayOutputStream();

    private static FilterStats filter(TestTar tar, KeepSet keep) throws IOException {
        out = new ByteArrayOutputStream();
        return TarFilter.filter(new ByteArrayInputStream(tar.bytes()), keep, out, RootfsLimits.DEFAULT);
    }

    @Test
    void keptEntriesAreCopiedBitForBitInTheExportsOrder() throws IOException {
        TestTar tar = image();
        ImageIndex index = ImageIndexerTest.index(tar);
        KeepSet keep = new KeepSetBuilder(index).observed(List.of("/usr/bin/passwd", "/var/mail", "/usr/bin/dir",
                "/" + LONG, "/dev/null", "/usr/bin/big-ids", "/usr/bin/ping", "/usr/bin/abs")).build();

        FilterStats stats = filter(tar, keep);

        // what is left out: bin (no observed path goes through it), etc/hostname, the ld.so.conf files,
        // usr/bin/cat, libunused.so.1, usr/share/doc/ and its README, and ../outside (rejected)
        List<String> keptNames = List.of("etc/", "etc/passwd", "etc/group", "lib", "lib64", "tmp/", "usr/",
                "usr/bin/", "usr/bin/ls", "usr/lib/", "usr/lib/x86_64-linux-gnu/",
                "usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "usr/lib/x86_64-linux-gnu/libc.so.6",
                "usr/lib/x86_64-linux-gnu/libselinux.so.1", "usr/lib/x86_64-linux-gnu/libpcre2-8.so.0.11.2",
                "usr/lib/x86_64-linux-gnu/libpcre2-8.so.0", "usr/lib64/", "usr/lib64/ld-linux-x86-64.so.2",
                "usr/share/", "var/", "usr/bin/passwd", "var/mail/", "usr/bin/dir", LONG, "dev/", "dev/null",
                "usr/bin/big-ids", "usr/bin/abs", "usr/bin/ping");
        assertThat(out.toByteArray()).isEqualTo(tar.expected(keptNames));
        assertThat(stats.keptEntries()).isEqualTo(29);
        assertThat(stats.droppedEntries()).as("the nine left out and the rejected one").isEqualTo(10);
        assertThat(stats.rejectedEntries()).isEqualTo(1);
        assertThat(stats.largestKept().get(0).path()).isEqualTo("/usr/bin/ls");
        assertThat(stats.reasons()).containsEntry(KeepReason.OBSERVED, 7);
        assertThat(stats.synthesizedTmp()).isFalse();
    }

    @Test
    void theOutputIsAValidTarWithEveryHeaderFieldIntact() throws IOException {
        TestTar tar = image();
        KeepSet keep = new KeepSetBuilder(ImageIndexerTest.index(tar)).observed(List.of("/usr/bin/passwd",
                "/var/mail", "/dev/null", "/usr/bin/big-ids", "/usr/bin/ping", "/usr/bin/dir", "/" + LONG)).build();
        filter(tar, keep);

        Map<String, TarArchiveEntry> read = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                read.put(e.getName(), e);
            }
        }
        assertThat(read.get("usr/bin/passwd")).satisfies(e -> {
            assertThat(e.getMode() & 07777).isEqualTo(04755);
            assertThat(e.getGroupName()).isEqualTo("shadow");
            assertThat(e.getModTime().getTime()).isEqualTo(1_234_567_890_000L);
        });
        assertThat(read.get("var/mail/").getMode() & 07777).isEqualTo(02775);
        assertThat(read.get("var/mail/").getLongGroupId()).isEqualTo(8);
        assertThat(read.get("dev/null")).satisfies(e -> {
            assertThat(e.isCharacterDevice()).isTrue();
            assertThat(e.getDevMajor()).isEqualTo(1);
            assertThat(e.getDevMinor()).isEqualTo(3);
        });
        assertThat(read.get("usr/bin/big-ids")).satisfies(e -> {
            assertThat(e.getLongUserId()).isEqualTo(3_000_000);
            assertThat(e.getLongGroupId()).isEqualTo(3_000_001);
            assertThat(e.getUserName()).isEqualTo("someone");
        });
        assertThat(read.get("usr/bin/ping").getExtraPaxHeaders()).containsKey("SCHILY.xattr.security.capability")
                .containsEntry("SCHILY.xattr.user.note", "hello");
        assertThat(read.get("usr/bin/dir").isLink()).isTrue();
        assertThat(read.get("usr/bin/dir").getLinkName()).isEqualTo("usr/bin/ls");
        assertThat(read).containsKey(LONG);
    }

    @Test
    void binaryXattrsSurviveExactly() throws IOException {
        TestTar tar = image();
        KeepSet keep = new KeepSetBuilder(ImageIndexerTest.index(tar)).observed(List.of("/usr/bin/ping")).build();
        filter(tar, keep);

        TarReader reader = new TarReader(new ByteArrayInputStream(out.toByteArray()), RootfsLimits.DEFAULT);
        TarEntry ping = null;
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
            if ("/usr/bin/ping".equals(e.path())) {
                ping = e;
            }
        }
        assertThat(ping).isNotNull();
        assertThat(ping.pax().get("SCHILY.xattr.security.capability")).isEqualTo(CAPABILITY);
    }

    @Test
    void namesThatAreNotUtf8AreKeptWithTheirExactBytes() throws IOException {
        TestTar tar = ImageIndexerTest.byteNamedImage();
        ImageIndex index = ImageIndexerTest.index(tar);
        // as the sensor reports them: each byte that is not UTF-8 as the char U+DC00 + byte
        KeepSet keep = new KeepSetBuilder(index).observed(List.of("/srv/caf\udce9", "/srv/\udcff\udcfe",
                "/srv/d\nx\udce9/f", "/srv/link", "/srv/hard", "/srv/long-link")).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        TarFilter.filter(new ByteArrayInputStream(tar.bytes()), keep, out, RootfsLimits.DEFAULT);

        assertThat(out.toByteArray()).isEqualTo(tar.expected(List.of("tmp/", "srv/", "latin1", "raw", "newline-dir",
                "in-newline-dir", "gnu-long", "link", "hard", "gnu-long-link")));
    }

    @Test
    void aMissingTmpIsSynthesizedAsAWorldWritableStickyDirectory() throws IOException {
        TestTar tar = new TestTar().dir("app/").file("app/run", "x");
        KeepSet keep = new KeepSetBuilder(ImageIndexerTest.index(tar)).observed(List.of("/app/run")).build();

        FilterStats stats = filter(tar, keep);

        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(in.getNextEntry().getName()).isEqualTo("app/");
            assertThat(in.getNextEntry().getName()).isEqualTo("app/run");
            TarArchiveEntry tmp = in.getNextEntry();
            assertThat(tmp.getName()).isEqualTo("tmp/");
            assertThat(tmp.isDirectory()).isTrue();
            assertThat(tmp.getMode() & 07777).isEqualTo(01777);
            assertThat(tmp.getLongUserId()).isZero();
            assertThat(tmp.getLongGroupId()).isZero();
            assertThat(in.getNextEntry()).isNull();
        }
        assertThat(stats.synthesizedTmp()).isTrue();
        assertThat(stats.keptEntries()).isEqualTo(3);
    }

    @Test
    void aHardLinkWhoseTargetIsNotKeptIsLeftOutAndNoted() throws IOException {
        TestTar tar = new TestTar().dir("bin/").file("bin/a", "a").hardlink("bin/b", "bin/a").dir("tmp/");
        KeepSet keep = new KeepSet(new LinkedHashMap<>(Map.of(
                "/bin", new KeepSet.Kept("/bin", KeepReason.PARENT, null),
                "/bin/b", new KeepSet.Kept("/bin/b", KeepReason.OBSERVED, null))), false, List.of(), List.of());

        FilterStats stats = filter(tar, keep);

        assertThat(out.toByteArray()).isEqualTo(tar.expected(List.of("bin/")));
        assertThat(stats.notes()).singleElement().asString().contains("hard link /bin/b");
    }

    @Test
    void aKeepSetFromAnotherExportIsRefused() throws IOException {
        TestTar tar = new TestTar().dir("bin/");
        KeepSet keep = new KeepSet(new LinkedHashMap<>(Map.of(
                "/bin/gone", new KeepSet.Kept("/bin/gone", KeepReason.OBSERVED, null))), false, List.of(), List.of());

        assertThatThrownBy(() -> filter(tar, keep)).isInstanceOf(RootfsException.class)
                .hasMessageContaining("differs from the one indexed").hasMessageContaining("/bin/gone");
    }

    @Test
    void aLocalCopyFilteredWhereTheIndexSawEachEntryGivesTheSameBytesAndFigures(@TempDir Path dir)
            throws IOException {
        TestTar image = image();
        assertSameFromCopy(dir, image, new KeepSetBuilder(ImageIndexerTest.index(image)).observed(List.of(
                "/usr/bin/passwd", "/var/mail", "/usr/bin/dir", "/" + LONG, "/dev/null", "/usr/bin/big-ids",
                "/usr/bin/ping", "/usr/bin/abs")).build());
        TestTar named = ImageIndexerTest.byteNamedImage();
        assertSameFromCopy(dir, named, new KeepSetBuilder(ImageIndexerTest.index(named)).observed(List.of(
                "/srv/caf\udce9", "/srv/\udcff\udcfe", "/srv/d\nx\udce9/f", "/srv/link", "/srv/hard",
                "/srv/long-link")).build());
        TestTar noTmp = new TestTar().dir("app/").file("app/run", "x");
        assertSameFromCopy(dir, noTmp, new KeepSetBuilder(ImageIndexerTest.index(noTmp)).observed(
                List.of("/app/run")).build());
        TestTar links = new TestTar().dir("bin/").file("bin/a", "a").hardlink("bin/b", "bin/a").dir("tmp/");
        FilterStats unlinked = assertSameFromCopy(dir, links, new KeepSet(new LinkedHashMap<>(Map.of(
                "/bin", new KeepSet.Kept("/bin", KeepReason.PARENT, null),
                "/bin/b", new KeepSet.Kept("/bin/b", KeepReason.OBSERVED, null))), false, List.of(), List.of()));
        assertThat(unlinked.notes()).singleElement().asString().contains("hard link /bin/b");
    }

    @Test
    void aLocalCopyThatEndsEarlyOrAKeepSetFromAnotherExportIsRefused(@TempDir Path dir) throws IOException {
        TestTar tar = image();
        ImageIndex index = ImageIndexerTest.index(tar);
        KeepSet keep = new KeepSetBuilder(index).observed(List.of("/usr/bin/ping")).build();
        Path cut = Files.write(dir.resolve("cut.tar"), Arrays.copyOf(tar.bytes(), tar.bytes().length / 2));
        KeepSet other = new KeepSet(new LinkedHashMap<>(Map.of(
                "/bin/gone", new KeepSet.Kept("/bin/gone", KeepReason.OBSERVED, null))), false, List.of(), List.of());
        Path whole = Files.write(dir.resolve("whole.tar"), tar.bytes());

        try (FileChannel copy = FileChannel.open(cut)) {
            assertThatThrownBy(() -> TarFilter.filter(copy, index, keep, new ByteArrayOutputStream()))
                    .isInstanceOf(RootfsException.class).hasMessageContaining("ends inside /usr/bin/ping");
        }
        try (FileChannel copy = FileChannel.open(whole)) {
            assertThatThrownBy(() -> TarFilter.filter(copy, index, other, new ByteArrayOutputStream()))
                    .isInstanceOf(RootfsException.class).hasMessageContaining("differs from the one indexed");
        }
    }

    /** Filters the tar in one pass and from a file by its index; both must write the same. */
    private static FilterStats assertSameFromCopy(Path dir, TestTar tar, KeepSet keep) throws IOException {
        ByteArrayOutputStream onePass = new ByteArrayOutputStream();
        FilterStats expected = TarFilter.filter(new ByteArrayInputStream(tar.bytes()), keep, onePass,
                RootfsLimits.DEFAULT);
        Path file = Files.write(Files.createTempFile(dir, "export", ".tar"), tar.bytes());
        ByteArrayOutputStream fromCopy = new ByteArrayOutputStream();
        FilterStats stats;
        try (FileChannel copy = FileChannel.open(file)) {
            stats = TarFilter.filter(copy, ImageIndexerTest.index(tar), keep, fromCopy);
        }
        assertThat(fromCopy.toByteArray()).isEqualTo(onePass.toByteArray());
        assertThat(stats).isEqualTo(expected);
        return stats;
    }

    @Test
    void limitsHoldInTheSecondPassToo() throws IOException {
        TestTar tar = image();
        KeepSet keep = new KeepSetBuilder(ImageIndexerTest.index(tar)).observed(List.of("/bin/ls")).build();

        assertThatThrownBy(() -> TarFilter.filter(new ByteArrayInputStream(tar.bytes()), keep,
                new ByteArrayOutputStream(), new RootfsLimits(10, 1L << 40, 1L << 40, 4096, 1 << 20, 1 << 20, 4096)))
                .isInstanceOf(RootfsLimitException.class).hasMessageContaining("more than 10 entries");
        assertThatThrownBy(() -> TarFilter.filter(new ByteArrayInputStream(tar.bytes()), keep,
                new ByteArrayOutputStream(), new RootfsLimits(1000, 1L << 40, 1000, 4096, 1 << 20, 1 << 20, 4096)))
                .isInstanceOf(RootfsLimitException.class).hasMessageContaining("more than the limit of 1000");
    }
}
