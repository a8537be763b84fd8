package dev.slimline.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class ImageIndexerTest {

    static ImageIndex index(TestTar tar) throws IOException {
        return ImageIndexer.index(new ByteArrayInputStream(tar.bytes()), RootfsLimits.DEFAULT);
    }

    @Test
    void recordsEveryEntryWithNormalisedPathsAndMetadata() throws IOException {
        ImageIndex index = index(TestTar.debianLike()
                .add("./usr/bin/passwd", e -> {
                    e.setMode(0104755);
                    e.setIds(0, 42);
                    e.setSize(0);
                }, new byte[0])
                .add("dev/null", TarConstants.LF_CHR, e -> e.setDevMajor(1), null)
                .hardlink("usr/bin/ls-again", "usr/bin/ls"));

        assertThat(index.entry("/bin")).hasValueSatisfying(e -> {
            assertThat(e.type()).isEqualTo(EntryType.SYMLINK);
            assertThat(e.link()).isEqualTo("usr/bin");
        });
        assertThat(index.entry("/usr/bin/passwd")).hasValueSatisfying(e -> {
            assertThat(e.mode()).isEqualTo(04755);
            assertThat(e.gid()).isEqualTo(42);
        });
        assertThat(index.entry("/tmp")).hasValueSatisfying(e -> {
            assertThat(e.type()).isEqualTo(EntryType.DIRECTORY);
            assertThat(e.mode()).isEqualTo(01777);
        });
        assertThat(index.entry("/dev/null").map(ImageEntry::type)).contains(EntryType.CHAR_DEVICE);
        assertThat(index.entry("/usr/bin/ls-again")).hasValueSatisfying(e -> {
            assertThat(e.type()).isEqualTo(EntryType.HARDLINK);
            assertThat(e.link()).isEqualTo("/usr/bin/ls");
        });
        assertThat(index.entry("/usr/bin/ls").map(ImageEntry::elf)).hasValueSatisfying(elf ->
                assertThat(elf.needed()).containsExactly("libselinux.so.1", "libc.so.6"));
        assertThat(index.entry("/usr/bin/cat").map(ImageEntry::elf)).isEmpty();
        assertThat(index.loaderConfig("/etc/ld.so.conf.d/x86_64-linux-gnu.conf")).isPresent();
        assertThat(index.rejectedEntries()).isZero();
    }

    @Test
    void aListenerSeesEveryEntryAndTheContentOfTextFilesFromTheirFirstByte() throws IOException {
        String lines = "a line of a package database\n".repeat(40);
        Map<String, String> seen = new java.util.LinkedHashMap<>();

        ImageIndex index = ImageIndexer.index(new ByteArrayInputStream(new TestTar().dir("var/")
                .file("var/status", lines)
                .file("var/one", "x")
                .file("var/skimmed", lines)
                .file("var/after", "still read whole")
                .symlink("var/link", "status").bytes()), RootfsLimits.DEFAULT, (entry, content) -> {
                    // a listener may stop reading early: the indexer skips the rest
                    byte[] read = entry.path().equals("/var/skimmed") ? content.readNBytes(5) : content.readAllBytes();
                    seen.put(entry.path(), entry.type() + ":" + new String(read, StandardCharsets.UTF_8));
                });

        assertThat(seen).containsExactly(
                Map.entry("/var", "DIRECTORY:"),
                Map.entry("/var/status", "FILE:" + lines),
                Map.entry("/var/one", "FILE:x"),
                Map.entry("/var/skimmed", "FILE:a lin"),
                Map.entry("/var/after", "FILE:still read whole"),
                Map.entry("/var/link", "SYMLINK:"));
        assertThat(index.size()).isEqualTo(6);
    }

    @Test
    void largeElfFilesAreReadThroughTheirHeadAndDynamicSegment() throws Exception {
        byte[] ls = ElfFixtures.ls();
        assertThat(ElfFixtures.dynamicSegment(ls).offset()).as("beyond the scanned head").isGreaterThan(8192);
        RootfsLimits smallScan = new RootfsLimits(1000, 1L << 30, 1L << 30, 4096, 1 << 20, 8192, 4096);

        ImageIndex index = ImageIndexer.index(new ByteArrayInputStream(new TestTar().dir("usr/")
                .file("usr/ls", ls, 0755).file("usr/after", "x").bytes()), smallScan);

        assertThat(index.entry("/usr/ls").get().elf()).isEqualTo(new ElfInfo(64, true, 62,
                "/lib64/ld-linux-x86-64.so.2", List.of("libselinux.so.1", "libc.so.6"), List.of(), List.of(), true));
        assertThat(index.entry("/usr/after")).isPresent();
        assertThat(index.notes()).isEmpty();
    }

    @Test
    void anElfFileWhoseStringsLieBeyondTheScanIsIndexedIncompleteWithANote() throws IOException {
        RootfsLimits tinyScan = new RootfsLimits(1000, 1L << 30, 1L << 30, 4096, 1 << 20, 4096, 4096);

        ImageIndex index = ImageIndexer.index(new ByteArrayInputStream(new TestTar()
                .file("ls", ElfFixtures.ls(), 0755).bytes()), tinyScan);

        assertThat(index.entry("/ls").get().elf().complete()).isFalse();
        assertThat(index.notes()).anyMatch(n -> n.contains("/ls") && n.contains("beyond the first 4096 bytes"));
    }

    @Test
    void aMalformedElfFileIsIndexedWithoutElfInfoAndNoted() throws IOException {
        byte[] broken = Arrays.copyOf(ElfFixtures.ls(), 3000);

        ImageIndex index = index(new TestTar().file("broken", broken, 0755));

        assertThat(index.entry("/broken").get().elf()).isNull();
        assertThat(index.notes()).anyMatch(n -> n.contains("/broken is malformed"));
    }

    @Test
    void unsafeNamesAreLeftOutAndCounted() throws IOException {
        byte[] plain = TestTar.write(new TarArchiveEntry("ok"), new byte[0]);
        ImageIndex index = index(new TestTar()
                .file("../escape", "x")
                .file("usr/../../escape2", "x")
                .raw("nul", TestTar.paxThen(Map.of("path", "a\0b".getBytes(StandardCharsets.UTF_8)), plain))
                .file("etc/.wh.passwd", "x")
                .file("fine", "x"));

        assertThat(index.entries()).extracting(ImageEntry::path).containsExactly("/fine");
        assertThat(index.rejectedEntries()).isEqualTo(4);
        assertThat(index.notes()).anyMatch(n -> n.contains("'..'")).anyMatch(n -> n.contains("NUL"))
                .anyMatch(n -> n.contains("whiteout"));
    }

    /**
     * Names that are not UTF-8 as Docker's exporter writes them: a PAX {@code path} or
     * {@code linkpath} with the raw bytes (the ustar field holding a mangled stand-in), and as other
     * writers do: raw bytes in the ustar name or link field, or a GNU long name.
     */
    static TestTar byteNamedImage() {
        byte[] file = TestTar.write(new TarArchiveEntry("srv/"), new byte[0]);
        byte[] dir = TestTar.write(new TarArchiveEntry("srv/", TarConstants.LF_DIR), null);
        TarArchiveEntry link = new TarArchiveEntry("srv/link", TarConstants.LF_SYMLINK);
        link.setLinkName("/srv/caf");
        TarArchiveEntry hard = new TarArchiveEntry("srv/hard", TarConstants.LF_LINK);
        hard.setLinkName("n".repeat(8));
        byte[] hardBytes = TestTar.write(hard, null);
        TarArchiveEntry longLink = new TarArchiveEntry("srv/long-link", TarConstants.LF_SYMLINK);
        longLink.setLinkName("/srv/" + "n".repeat(90));
        System.arraycopy(bytes("srv/caf", 0xe9), 0, hardBytes, 157, 8);
        return new TestTar().dir("tmp/").dir("srv/")
                .raw("latin1", TestTar.ustarNamed(bytes("srv/caf", 0xe9), TarConstants.LF_NORMAL, new byte[] {'a'}))
                .raw("raw", TestTar.paxThen(Map.of("path", bytes("srv/", 0xff, 0xfe)), file))
                .raw("newline-dir", TestTar.paxThen(Map.of("path", bytes("srv/d\nx", 0xe9, '/')), dir))
                .raw("in-newline-dir", TestTar.paxThen(Map.of("path", bytes("srv/d\nx", 0xe9, '/', 'f')), file))
                .raw("gnu-long", TestTar.gnuLongNamed(bytes("srv/" + "n".repeat(120), 0x80, 0xbf),
                        TestTar.write(new TarArchiveEntry("srv/" + "n".repeat(90)), new byte[0])))
                .raw("link", TestTar.paxThen(Map.of("linkpath", bytes("/srv/caf", 0xe9)), TestTar.write(link, null)))
                .raw("hard", TestTar.retyped(hardBytes, TarConstants.LF_LINK))
                .raw("gnu-long-link", TestTar.gnuLongLinked(bytes("/srv/" + "n".repeat(120), 0x80, 0xbf),
                        TestTar.write(longLink, null)));
    }

    @Test
    void namesAndLinkTargetsThatAreNotUtf8AreReadAsTheirBytes() throws IOException {
        ImageIndex index = index(byteNamedImage());

        assertThat(index.rejectedEntries()).isZero();
        assertThat(index.entries()).extracting(ImageEntry::path).containsExactly("/tmp", "/srv", "/srv/caf\udce9",
                "/srv/\udcff\udcfe", "/srv/d\nx\udce9", "/srv/d\nx\udce9/f", "/srv/" + "n".repeat(120) + "\udc80\udcbf",
                "/srv/link", "/srv/hard", "/srv/long-link");
        assertThat(index.entry("/srv/d\nx\udce9").map(ImageEntry::type)).contains(EntryType.DIRECTORY);
        assertThat(index.entry("/srv/link").map(ImageEntry::link)).contains("/srv/caf\udce9");
        assertThat(index.entry("/srv/hard").map(ImageEntry::link)).contains("/srv/caf\udce9");
        assertThat(index.entry("/srv/long-link").map(ImageEntry::link))
                .contains("/srv/" + "n".repeat(120) + "\udc80\udcbf");
    }

    private static byte[] bytes(String ascii, int... more) {
        byte[] start = ascii.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(start, start.length + more.length);
        for (int i = 0; i < more.length; i++) {
            out[start.length + i] = (byte) more[i];
        }
        return out;
    }

    @Test
    void namesAreReadAsDockersImporterReadsThem() throws IOException {
        byte[] plain = TestTar.write(new TarArchiveEntry("header-name"), new byte[0]);
        byte[] twoExtendedHeaders = TestTar.paxThen(Map.of("path", "first".getBytes(StandardCharsets.UTF_8)),
                TestTar.paxThen(Map.of("uid", "7".getBytes(StandardCharsets.UTF_8)), plain));
        byte[] oldStyleDirectory = TestTar.retyped(TestTar.write(new TarArchiveEntry("olddir/", TarConstants.LF_DIR),
                null), (byte) 0);

        ImageIndex index = index(new TestTar().raw("x", twoExtendedHeaders).raw("d", oldStyleDirectory));

        assertThat(index.entry("/header-name").map(ImageEntry::uid)).contains(7L);
        assertThat(index.entry("/first")).isEmpty();
        assertThat(index.entry("/olddir").map(ImageEntry::type)).contains(EntryType.DIRECTORY);
    }

    @Test
    void absoluteEntryNamesAreLeftOut() throws IOException {
        ImageIndex index = index(new TestTar().add("/etc/shadow", e -> e.setSize(1), new byte[] {'x'}));

        assertThat(index.size()).isZero();
        assertThat(index.notes()).anyMatch(n -> n.contains("is absolute"));
    }

    @Test
    void longNamesFromPaxHeadersAreRead() throws IOException {
        String deep = "usr/" + "very-long-directory-name/".repeat(10) + "file";

        ImageIndex index = index(new TestTar().file(deep, "x"));

        assertThat(index.entry("/" + deep)).isPresent();
    }

    @Test
    void limitsAreEnforced() {
        // the tree's ls is about 30 KB, the whole tar about 80 KB
        TestTar tar = TestTar.debianLike();
        assertThatThrownBy(() -> ImageIndexer.index(new ByteArrayInputStream(tar.bytes()),
                new RootfsLimits(5, 1L << 40, 1L << 40, 4096, 1 << 20, 1 << 20, 4096)))
                .isInstanceOf(RootfsLimitException.class).hasMessageContaining("more than 5 entries");
        assertThatThrownBy(() -> ImageIndexer.index(new ByteArrayInputStream(tar.bytes()),
                new RootfsLimits(1000, 1L << 40, 20_000, 4096, 1 << 20, 1 << 20, 4096)))
                .isInstanceOf(RootfsLimitException.class).hasMessageContaining("more than the limit of 20000");
        assertThatThrownBy(() -> ImageIndexer.index(new ByteArrayInputStream(tar.bytes()),
                new RootfsLimits(1000, 50_000, 1L << 40, 4096, 1 << 20, 1 << 20, 4096)))
                .isInstanceOf(RootfsLimitException.class).hasMessageContaining("more than 50000 bytes");
        assertThatThrownBy(() -> ImageIndexer.index(new ByteArrayInputStream(tar.bytes()),
                new RootfsLimits(1000, 1L << 40, 1L << 40, 20, 1 << 20, 1 << 20, 4096)))
                .isInstanceOf(RootfsLimitException.class).hasMessageContaining("longer than 20 characters");
        byte[] bigHeader = new TestTar().file("x".repeat(3000), "x").bytes();
        assertThatThrownBy(() -> ImageIndexer.index(new ByteArrayInputStream(bigHeader),
                new RootfsLimits(1000, 1L << 40, 1L << 40, 4096, 1024, 1 << 20, 4096)))
                .isInstanceOf(RootfsLimitException.class).hasMessageContaining("headers exceed 1024 bytes");
    }

    @Test
    void brokenTarsFailClearly() {
        byte[] good = TestTar.debianLike().bytes();
        assertThatThrownBy(() -> ImageIndexer.index(new ByteArrayInputStream(Arrays.copyOf(good, 700)),
                RootfsLimits.DEFAULT)).isInstanceOf(RootfsException.class).hasMessageContaining("truncated");
        byte[] noEnd = Arrays.copyOf(good, good.length - 1024);
        assertThatThrownBy(() -> ImageIndexer.index(new ByteArrayInputStream(noEnd), RootfsLimits.DEFAULT))
                .isInstanceOf(RootfsException.class).hasMessageContaining("no end-of-archive marker");
        byte[] corrupt = good.clone();
        corrupt[10] ^= 0x11;
        assertThatThrownBy(() -> ImageIndexer.index(new ByteArrayInputStream(corrupt), RootfsLimits.DEFAULT))
                .isInstanceOf(RootfsException.class).hasMessageContaining("checksum");
        byte[] text = "just some text, not a tar at all".repeat(40).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> ImageIndexer.index(new ByteArrayInputStream(text), RootfsLimits.DEFAULT))
                .isInstanceOf(RootfsException.class);
    }

    @Test
    void sparseAndGlobalHeadersAreRefused() {
        byte[] plain = TestTar.write(new TarArchiveEntry("plain"), new byte[0]);
        byte[] global = new TestTar().raw("g", TestTar.retyped(plain, (byte) 'g')).bytes();
        assertThatThrownBy(() -> ImageIndexer.index(new ByteArrayInputStream(global), RootfsLimits.DEFAULT))
                .isInstanceOf(RootfsException.class).hasMessageContaining("global PAX header");
        byte[] sparse = new TestTar().raw("s", TestTar.retyped(plain, (byte) 'S')).bytes();
        assertThatThrownBy(() -> ImageIndexer.index(new ByteArrayInputStream(sparse), RootfsLimits.DEFAULT))
                .isInstanceOf(RootfsException.class).hasMessageContaining("unsupported type 'S'");
    }
}
