package dev.slimline.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedTarFilterTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Both stages over a file holding the tar, as the build reads its spooled export. */
    private FilterStats staged(TestTar tar, Set<String> observedFiles, KeepSet keep) throws IOException {
        return staged(tar, observedFiles, List.of(), keep);
    }

    private FilterStats staged(TestTar tar, Set<String> observedFiles, List<String> excludes, KeepSet keep)
            throws IOException {
        Path export = Files.write(dir.resolve("export.tar"), tar.bytes());
        StagedTarFilter filter = new StagedTarFilter(out, RootfsLimits.DEFAULT);
        try (InputStream in = Files.newInputStream(export)) {
            filter.writeEarly(in, observedFiles, excludes);
        }
        try (FileChannel channel = FileChannel.open(export)) {
            return filter.finish(channel, keep);
        }
    }

    @Test
    void observedFilesComeFirstThenEveryOtherKeptEntryInTheExportsOrder() throws IOException {
        TestTar tar = TarFilterTest.image();
        List<String> observed = List.of("/usr/bin/passwd", "/var/mail", "/usr/bin/dir", "/" + TarFilterTest.LONG,
                "/dev/null", "/usr/bin/big-ids", "/usr/bin/ping", "/usr/bin/abs");
        KeepSet keep = new KeepSetBuilder(ImageIndexerTest.index(tar)).observed(observed).build();
        ByteArrayOutputStream onePass = new ByteArrayOutputStream();
        FilterStats expected = TarFilter.filter(new ByteArrayInputStream(tar.bytes()), keep, onePass,
                RootfsLimits.DEFAULT);

        // the directory, the hard link, the device and the symlink are observed too, but are no regular files
        FilterStats stats = staged(tar, Set.copyOf(observed), keep);

        List<String> early = List.of("usr/bin/passwd", TarFilterTest.LONG, "usr/bin/big-ids", "usr/bin/ping");
        List<String> kept = List.of("etc/", "etc/passwd", "etc/group", "lib", "lib64", "tmp/", "usr/",
                "usr/bin/", "usr/bin/ls", "usr/lib/", "usr/lib/x86_64-linux-gnu/",
                "usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "usr/lib/x86_64-linux-gnu/libc.so.6",
                "usr/lib/x86_64-linux-gnu/libselinux.so.1", "usr/lib/x86_64-linux-gnu/libpcre2-8.so.0.11.2",
                "usr/lib/x86_64-linux-gnu/libpcre2-8.so.0", "usr/lib64/", "usr/lib64/ld-linux-x86-64.so.2",
                "usr/share/", "var/", "usr/bin/passwd", "var/mail/", "usr/bin/dir", TarFilterTest.LONG, "dev/",
                "dev/null", "usr/bin/big-ids", "usr/bin/abs", "usr/bin/ping");
        assertThat(out.toByteArray()).isEqualTo(tar.expectedStaged(early, kept));
        assertThat(out.size()).as("the same entries as one pass writes, in another order").isEqualTo(onePass.size());
        assertThat(stats.keptEntries()).isEqualTo(expected.keptEntries()).isEqualTo(29);
        assertThat(stats.keptBytes()).isEqualTo(expected.keptBytes());
        assertThat(stats.droppedEntries()).isEqualTo(expected.droppedEntries()).isEqualTo(10);
        assertThat(stats.droppedBytes()).isEqualTo(expected.droppedBytes());
        assertThat(stats.rejectedEntries()).isEqualTo(1);
        assertThat(stats.largestKept()).containsExactlyInAnyOrderElementsOf(expected.largestKept());
        assertThat(stats.largestKept().get(0).path()).isEqualTo("/usr/bin/ls");
        assertThat(stats.reasons()).isEqualTo(expected.reasons());
    }

    @Test
    void aHardLinkBeforeItsTargetIsKeptWhenTheTargetWasWrittenEarly() throws IOException {
        TestTar tar = new TestTar().dir("bin/").hardlink("bin/b", "bin/a").file("bin/a", "a").hardlink("bin/c", "bin/a")
                .dir("tmp/");
        KeepSet keep = new KeepSetBuilder(ImageIndexerTest.index(tar)).observed(List.of("/bin/a", "/bin/b", "/bin/c"))
                .build();

        FilterStats stats = staged(tar, Set.of("/bin/a", "/bin/b", "/bin/c"), keep);

        // one pass must leave bin/b out, as its target comes after it; here the target is already written
        assertThat(out.toByteArray()).isEqualTo(tar.expectedStaged(List.of("bin/a"),
                List.of("bin/", "bin/b", "bin/c", "tmp/")));
        assertThat(stats.notes()).isEmpty();
    }

    @Test
    void aHardLinkWhoseTargetIsNotKeptIsLeftOutAndNoted() throws IOException {
        TestTar tar = new TestTar().dir("bin/").file("bin/a", "a").hardlink("bin/b", "bin/a").dir("tmp/");
        KeepSet keep = new KeepSet(new LinkedHashMap<>(Map.of(
                "/bin", new KeepSet.Kept("/bin", KeepReason.PARENT, null),
                "/bin/b", new KeepSet.Kept("/bin/b", KeepReason.OBSERVED, null))), false, List.of(), List.of());

        FilterStats stats = staged(tar, Set.of("/bin/b"), keep);

        assertThat(out.toByteArray()).isEqualTo(tar.expectedStaged(List.of(), List.of("bin/")));
        assertThat(stats.notes()).singleElement().asString().contains("hard link /bin/b");
    }

    @Test
    void aFileWrittenEarlyThatTheFinalKeepSetLacksFailsTheFinish() throws IOException {
        TestTar tar = new TestTar().dir("app/").file("app/run", "x").file("app/secret", "s").dir("tmp/");
        KeepSet keep = new KeepSet(new LinkedHashMap<>(Map.of(
                "/app", new KeepSet.Kept("/app", KeepReason.PARENT, null),
                "/app/run", new KeepSet.Kept("/app/run", KeepReason.OBSERVED, null))), false, List.of(), List.of());

        assertThatThrownBy(() -> staged(tar, Set.of("/app/run", "/app/secret"), keep))
                .isInstanceOf(RootfsException.class).hasMessageContaining("/app/secret")
                .hasMessageContaining("not in it");
    }

    @Test
    void aFileUsedThroughSymlinksThatCameBeforeItIsWrittenEarly() throws IOException {
        TestTar tar = TestTar.debianLike();
        // lib -> usr/lib and lib64 -> usr/lib64 come first; the interpreter link is absolute
        List<String> observed = List.of("/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2",
                "/usr/bin/ls");
        KeepSet keep = new KeepSetBuilder(ImageIndexerTest.index(tar)).observed(observed).build();
        ByteArrayOutputStream onePass = new ByteArrayOutputStream();
        TarFilter.filter(new ByteArrayInputStream(tar.bytes()), keep, onePass, RootfsLimits.DEFAULT);

        staged(tar, Set.copyOf(observed), keep);

        List<String> written = paths(out.toByteArray());
        assertThat(written).containsExactlyInAnyOrderElementsOf(paths(onePass.toByteArray()));
        // usr/lib64/ld-linux-x86-64.so.2 -> /lib/... comes after the file it leads to: that one waits
        assertThat(written.subList(0, 2)).containsExactly("/usr/bin/ls", "/usr/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(written.indexOf("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")).isGreaterThan(2);
    }

    @Test
    void anExcludedFileWaitsForTheKeepSetThatLeavesItOut() throws IOException {
        TestTar tar = TestTar.debianLike();
        List<String> observed = List.of("/usr/bin/ls", "/usr/bin/cat");
        KeepSet keep = new KeepSetBuilder(ImageIndexerTest.index(tar)).observed(observed)
                .exclude(List.of("/usr/bin/cat")).build();

        ByteArrayOutputStream onePass = new ByteArrayOutputStream();
        TarFilter.filter(new ByteArrayInputStream(tar.bytes()), keep, onePass, RootfsLimits.DEFAULT);

        staged(tar, Set.copyOf(observed), List.of("/usr/bin/cat"), keep);

        List<String> written = paths(out.toByteArray());
        assertThat(written).startsWith("/usr/bin/ls").doesNotContain("/usr/bin/cat")
                .containsExactlyInAnyOrderElementsOf(paths(onePass.toByteArray()));
    }

    private static List<String> paths(byte[] tar) throws IOException {
        List<String> paths = new ArrayList<>();
        TarReader reader = new TarReader(new ByteArrayInputStream(tar), RootfsLimits.DEFAULT);
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
            paths.add(e.path());
        }
        return paths;
    }

    @Test
    void aFileExcludedOnlyWhereASymlinkLeadsFailsTheFinish() throws IOException {
        TestTar tar = TestTar.debianLike();
        List<String> observed = List.of("/usr/bin/ls", "/usr/bin/cat");
        // /bin is a symlink to usr/bin: the pattern excludes /usr/bin/cat, which the early stage cannot know
        KeepSet keep = new KeepSetBuilder(ImageIndexerTest.index(tar)).observed(observed)
                .exclude(List.of("/bin/cat")).build();

        assertThatThrownBy(() -> staged(tar, Set.copyOf(observed), List.of("/bin/cat"), keep))
                .isInstanceOf(RootfsException.class).hasMessageContaining("/usr/bin/cat");
    }

    @Test
    void aKeepSetFromAnotherExportIsRefused() {
        TestTar tar = new TestTar().dir("bin/").file("bin/a", "a");
        KeepSet keep = new KeepSet(new LinkedHashMap<>(Map.of(
                "/bin/a", new KeepSet.Kept("/bin/a", KeepReason.OBSERVED, null),
                "/bin/gone", new KeepSet.Kept("/bin/gone", KeepReason.OBSERVED, null))), false, List.of(), List.of());

        assertThatThrownBy(() -> staged(tar, Set.of("/bin/a"), keep)).isInstanceOf(RootfsException.class)
                .hasMessageContaining("differs from the one indexed").hasMessageContaining("/bin/gone");
    }

    @Test
    void limitsHoldInTheEarlyStage() {
        TestTar tar = TarFilterTest.image();
        StagedTarFilter filter = new StagedTarFilter(out, new RootfsLimits(10, 1L << 40, 1L << 40, 4096, 1 << 20,
                1 << 20, 4096));

        assertThatThrownBy(() -> filter.writeEarly(new ByteArrayInputStream(tar.bytes()), Set.of(), List.of()))
                .isInstanceOf(RootfsLimitException.class).hasMessageContaining("more than 10 entries");
    }
}
