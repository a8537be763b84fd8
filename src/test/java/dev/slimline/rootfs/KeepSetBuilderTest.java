package dev.slimline.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeepSetBuilderTest {

    private static final String MULTIARCH = "/usr/lib/x86_64-linux-gnu/";
    private static ImageIndex debian;

    @BeforeAll
    static void index() throws IOException {
        debian = ImageIndexerTest.index(TestTar.debianLike()
                .symlink("usr/bin/sh", "dash")
                .file("usr/bin/dash", ElfFixtures.dash(), 0755)
                .hardlink("usr/bin/dir", "usr/bin/ls")
                .dir("etc/ssl/").dir("etc/ssl/certs/")
                .symlink("etc/ssl/certs/ca-certificates.crt", "/usr/share/ca-certificates/bundle.crt")
                .symlink("etc/ssl/certs/1234abcd.0", "/usr/share/ca-certificates/mozilla/Root.crt")
                .dir("usr/share/ca-certificates/").dir("usr/share/ca-certificates/mozilla/")
                .file("usr/share/ca-certificates/bundle.crt", "certs")
                .file("usr/share/ca-certificates/mozilla/Root.crt", "cert")
                .dir("srv/").dir("srv/app/").file("srv/app/server.js", "js")
                .dir("data/"));
    }

    private static Map<String, KeepReason> reasons(KeepSet keep) {
        return keep.kept().stream().collect(Collectors.toMap(KeepSet.Kept::path, KeepSet.Kept::reason));
    }

    @Test
    void anObservedBinaryBringsItsLinksLibrariesInterpreterAndParents() {
        KeepSet keep = new KeepSetBuilder(debian).observed(List.of("/bin/ls")).build();

        assertThat(reasons(keep)).containsAllEntriesOf(Map.ofEntries(
                Map.entry("/bin", KeepReason.SYMLINK),
                Map.entry("/usr/bin/ls", KeepReason.OBSERVED),
                Map.entry("/usr", KeepReason.PARENT),
                Map.entry("/usr/bin", KeepReason.PARENT),
                Map.entry("/usr/lib", KeepReason.PARENT),
                Map.entry("/lib", KeepReason.SYMLINK),
                Map.entry(MULTIARCH + "libselinux.so.1", KeepReason.ELF_NEEDED),
                Map.entry(MULTIARCH + "libc.so.6", KeepReason.ELF_NEEDED),
                Map.entry(MULTIARCH + "libpcre2-8.so.0", KeepReason.SYMLINK),
                Map.entry(MULTIARCH + "libpcre2-8.so.0.11.2", KeepReason.ELF_NEEDED),
                Map.entry("/lib64", KeepReason.SYMLINK),
                Map.entry("/usr/lib64/ld-linux-x86-64.so.2", KeepReason.SYMLINK),
                Map.entry(MULTIARCH + "ld-linux-x86-64.so.2", KeepReason.ELF_INTERPRETER),
                Map.entry("/etc/passwd", KeepReason.SYSTEM_FILE),
                Map.entry("/etc/group", KeepReason.SYSTEM_FILE),
                Map.entry("/tmp", KeepReason.IMAGE_CONFIG)));
        assertThat(keep.get("/usr/bin/ls").orElseThrow().cause()).isEqualTo("/bin/ls");
        assertThat(keep.get(MULTIARCH + "libselinux.so.1").orElseThrow().cause()).isEqualTo("/usr/bin/ls");
        assertThat(keep.contains(MULTIARCH + "libunused.so.1")).isFalse();
        assertThat(keep.contains("/usr/bin/cat")).isFalse();
        assertThat(keep.contains("/usr/share/doc/README")).isFalse();
        assertThat(keep.contains("/etc/hostname")).isFalse();
        assertThat(keep.synthesizeTmp()).isFalse();
        assertThat(keep.warnings()).isEmpty();
    }

    @Test
    void aListedDirectoryKeepsOnlyItself() {
        KeepSet keep = new KeepSetBuilder(debian).observed(List.of("/usr/share/doc")).build();

        assertThat(keep.contains("/usr/share/doc")).isTrue();
        assertThat(keep.contains("/usr/share/doc/README")).isFalse();
    }

    @Test
    void observedPathsMissingFromTheImageOrUnsafeAreIgnored() {
        KeepSet keep = new KeepSetBuilder(debian).observed(List.of("/proc/self/maps", "relative/path",
                "/etc/passwd\0/x", "/" + "a".repeat(5000), "/no/such/file")).build();

        assertThat(keep.kept()).extracting(KeepSet.Kept::reason).doesNotContain(KeepReason.OBSERVED);
    }

    @Test
    void aHardLinkKeepsItsTarget() {
        KeepSet keep = new KeepSetBuilder(debian).observed(List.of("/usr/bin/dir")).build();

        assertThat(reasons(keep)).containsEntry("/usr/bin/dir", KeepReason.OBSERVED)
                .containsEntry("/usr/bin/ls", KeepReason.HARDLINK_TARGET)
                .containsEntry(MULTIARCH + "libc.so.6", KeepReason.ELF_NEEDED);
    }

    @Test
    void excludeWinsAndMatchesThroughMergedUsr() {
        KeepSet keep = new KeepSetBuilder(debian).observed(List.of("/bin/ls"))
                .exclude(List.of("/lib/x86_64-linux-gnu/libpcre2*")).build();

        assertThat(keep.contains(MULTIARCH + "libpcre2-8.so.0")).isFalse();
        assertThat(keep.contains(MULTIARCH + "libpcre2-8.so.0.11.2")).isFalse();
        assertThat(keep.contains(MULTIARCH + "libselinux.so.1")).isTrue();
        assertThat(keep.excluded()).contains(MULTIARCH + "libpcre2-8.so.0");
    }

    @Test
    void anExcludedBinaryBringsNothingWithIt() {
        KeepSet keep = new KeepSetBuilder(debian).observed(List.of("/bin/ls")).exclude(List.of("/usr/bin/ls"))
                .build();

        assertThat(keep.contains("/usr/bin/ls")).isFalse();
        assertThat(keep.contains(MULTIARCH + "libselinux.so.1")).isFalse();
    }

    @Test
    void imageConfigKeepsWorkdirAndVolumesAndAMissingTmpIsSynthesized() throws IOException {
        ImageIndex noTmp = ImageIndexerTest.index(new TestTar().dir("srv/").dir("srv/app/")
                .file("srv/app/server.js", "js").dir("data/"));

        KeepSet keep = new KeepSetBuilder(noTmp).imageConfig("/srv/app", List.of("/data", "/missing"), List.of())
                .build();

        assertThat(reasons(keep)).containsExactlyInAnyOrderEntriesOf(Map.of("/srv/app", KeepReason.IMAGE_CONFIG,
                "/srv", KeepReason.PARENT, "/data", KeepReason.IMAGE_CONFIG));
        assertThat(keep.synthesizeTmp()).isTrue();
        assertThat(new KeepSetBuilder(noTmp).exclude(List.of("/tmp")).build().synthesizeTmp()).isFalse();
    }

    @Test
    void includesBringPathsBinariesAShellAndCaCertificates() {
        KeepSet keep = new KeepSetBuilder(debian)
                .imageConfig(null, List.of(), List.of("PATH=/usr/local/bin:/bin"))
                .includePaths(List.of("/etc/ld.so.conf.d/*", "/usr/share/doc/"))
                .includeBinaries(List.of("cat", "/usr/bin/ls", "nonexistent"))
                .includeShell(true)
                .includeCaCertificates(true)
                .build();

        assertThat(reasons(keep)).containsAllEntriesOf(Map.ofEntries(
                Map.entry("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", KeepReason.INCLUDE_PATH),
                Map.entry("/usr/share/doc", KeepReason.INCLUDE_PATH),
                Map.entry("/usr/bin/cat", KeepReason.INCLUDE_BINARY),
                Map.entry("/usr/bin/ls", KeepReason.INCLUDE_BINARY),
                Map.entry(MULTIARCH + "libselinux.so.1", KeepReason.ELF_NEEDED),
                Map.entry("/usr/bin/sh", KeepReason.SYMLINK),
                Map.entry("/usr/bin/dash", KeepReason.SHELL),
                Map.entry("/etc/ssl/certs/ca-certificates.crt", KeepReason.SYMLINK),
                Map.entry("/usr/share/ca-certificates/bundle.crt", KeepReason.CA_CERTIFICATES),
                Map.entry("/etc/ssl/certs/1234abcd.0", KeepReason.SYMLINK),
                Map.entry("/usr/share/ca-certificates/mozilla/Root.crt", KeepReason.CA_CERTIFICATES)));
        assertThat(keep.warnings()).singleElement().asString().contains("nonexistent");
    }

    @Test
    void runpathWithOriginIsSearchedAndOnlyLibrariesOfTheSameMachineCount() throws IOException {
        byte[] mips = ElfReaderTest.craft32BitBigEndian();
        ImageIndex index = ImageIndexerTest.index(new TestTar().dir("opt/").dir("opt/app/").dir("opt/app/bin/")
                .file("opt/app/bin/prog", mips, 0755)
                .dir("opt/app/lib/").file("opt/app/lib/libc.so.6", mips, 0755)
                .dir("lib/").file("lib/libc.so.6", ElfFixtures.libc(), 0755)
                .dir("opt/lib/").file("opt/lib/libc.so.6", ElfFixtures.libc(), 0755));

        KeepSet keep = new KeepSetBuilder(index).observed(List.of("/opt/app/bin/prog")).build();

        assertThat(reasons(keep)).containsEntry("/opt/app/lib/libc.so.6", KeepReason.ELF_NEEDED);
        assertThat(keep.contains("/lib/libc.so.6")).isFalse();
        assertThat(keep.contains("/opt/lib/libc.so.6")).isFalse();
        assertThat(keep.warnings()).anyMatch(w -> w.contains("interpreter /lib/ld.so.1"));
    }

    @Test
    void aLibraryMissingFromTheImageIsAWarning() throws IOException {
        ImageIndex index = ImageIndexerTest.index(new TestTar().dir("usr/").dir("usr/bin/")
                .file("usr/bin/ls", ElfFixtures.ls(), 0755));

        KeepSet keep = new KeepSetBuilder(index).observed(List.of("/usr/bin/ls")).build();

        assertThat(keep.warnings()).anyMatch(w -> w.equals("/usr/bin/ls needs libselinux.so.1, which is not in the image"));
    }

    @Test
    void aLibraryTheApplicationLoadedByItsPathSatisfiesItsNameWithoutAWarning() throws IOException {
        // /bin/ls needs libselinux.so.1; here the application loaded it from a directory no search covers
        ImageIndex index = ImageIndexerTest.index(new TestTar().dir("usr/").dir("usr/bin/")
                .file("usr/bin/ls", ElfFixtures.ls(), 0755)
                .dir("opt/").dir("opt/private/")
                .file("opt/private/libselinux.so.1", ElfFixtures.libc(), 0755));

        KeepSet keep = new KeepSetBuilder(index).observed(List.of("/usr/bin/ls", "/opt/private/libselinux.so.1"))
                .build();

        assertThat(keep.warnings()).noneMatch(w -> w.contains("needs libselinux.so.1"));
        assertThat(keep.warnings()).anyMatch(w -> w.contains("needs libc.so.6, which is not in the image"));
    }

    @Test
    void aScriptKeepsTheInterpreterItsHashBangLineNames() throws IOException {
        ImageIndex index = ImageIndexerTest.index(TestTar.debianLike()
                .dir("usr/local/").dir("usr/local/bin/")
                .file("usr/local/bin/check", "#! /bin/ls -l\nexit 0\n".getBytes(StandardCharsets.UTF_8), 0755)
                .file("usr/local/bin/notes", "#!/bin/cat\nread, not run\n".getBytes(StandardCharsets.UTF_8), 0644));

        KeepSet keep = new KeepSetBuilder(index).observed(List.of("/usr/local/bin/check", "/usr/local/bin/notes"))
                .build();

        // the kernel runs /bin/ls for the script without a system call the sensor could see
        assertThat(reasons(keep)).containsEntry("/bin", KeepReason.SYMLINK)
                .containsEntry("/usr/bin/ls", KeepReason.SCRIPT_INTERPRETER)
                .containsEntry(MULTIARCH + "libc.so.6", KeepReason.ELF_NEEDED);
        assertThat(keep.get("/usr/bin/ls").orElseThrow().cause()).isEqualTo("/usr/local/bin/check");
        // a file that cannot be executed is data, whatever its first line says
        assertThat(keep.contains("/usr/bin/cat")).isFalse();
    }

    @Test
    void aPathACallFailedOnBecauseItExistsIsKeptSayingWhy() throws IOException {
        ImageIndex index = ImageIndexerTest.index(new TestTar()
                .dir("var/").dir("var/lib/").dir("var/lib/nginx/").dir("var/lib/nginx/body/")
                .dir("var/lib/nginx/proxy/").dir("var/log/")
                .dir("srv/").symlink("srv/current", "site").dir("srv/site/").file("srv/site/index.html", "hi"));

        KeepSet keep = new KeepSetBuilder(index)
                .failedOnExisting(new TreeMap<>(Map.of("/var/lib/nginx/body", "write: EEXIST", "/srv/current",
                        "read: ELOOP", "/srv/site/index.html/x", "stat: ENOTDIR")))
                .build();

        assertThat(keep.get("/var/lib/nginx/body")).hasValue(
                new KeepSet.Kept("/var/lib/nginx/body", KeepReason.FAILED_ON_EXISTING, "write: EEXIST"));
        assertThat(keep.get("/var/lib/nginx")).hasValue(
                new KeepSet.Kept("/var/lib/nginx", KeepReason.PARENT, "/var/lib/nginx/body"));
        assertThat(keep.get("/var")).hasValue(new KeepSet.Kept("/var", KeepReason.PARENT, "/var/lib/nginx/body"));
        assertThat(keep.get("/srv/current")).hasValue(new KeepSet.Kept("/srv/current", KeepReason.SYMLINK,
                "/srv/current"));
        assertThat(keep.get("/srv/site")).hasValue(new KeepSet.Kept("/srv/site", KeepReason.FAILED_ON_EXISTING,
                "read: ELOOP"));
        assertThat(keep.contains("/var/lib/nginx/proxy")).isFalse();
        assertThat(keep.contains("/var/log")).isFalse();
        assertThat(keep.get("/srv/site/index.html")).hasValue(new KeepSet.Kept("/srv/site/index.html",
                KeepReason.FAILED_ON_EXISTING, "stat: ENOTDIR on /srv/site/index.html/x"));
        assertThat(keep.warnings()).isEmpty();
        assertThat(keep.reasonCounts()).containsEntry(KeepReason.FAILED_ON_EXISTING, 3);
    }

    @Test
    void theDirectoryAnApplicationCreatedAPathInIsKept() throws IOException {
        ImageIndex index = ImageIndexerTest.index(new TestTar()
                .dir("var/").dir("var/lib/").dir("var/lib/nginx/").dir("var/log/").dir("var/log/nginx/")
                .file("var/log/nginx/old.log", "old").dir("run/").symlink("var/run", "/run").dir("tmp/"));

        KeepSet keep = new KeepSetBuilder(index).observed(List.of("/var/lib/nginx/body", "/var/log/nginx/error.log",
                "/var/run/nginx.pid", "/var/lib/nginx/cache/a/b", "/no/such/dir/file")).build();

        assertThat(keep.get("/var/lib/nginx")).hasValue(
                new KeepSet.Kept("/var/lib/nginx", KeepReason.CREATED_IN, "/var/lib/nginx/body"));
        assertThat(keep.get("/var/log/nginx")).hasValue(
                new KeepSet.Kept("/var/log/nginx", KeepReason.CREATED_IN, "/var/log/nginx/error.log"));
        assertThat(keep.get("/var/run")).hasValue(new KeepSet.Kept("/var/run", KeepReason.SYMLINK,
                "/var/run/nginx.pid"));
        assertThat(keep.get("/run")).hasValue(new KeepSet.Kept("/run", KeepReason.CREATED_IN, "/var/run/nginx.pid"));
        assertThat(keep.contains("/var/log/nginx/old.log")).isFalse();
        assertThat(keep.kept()).extracting(KeepSet.Kept::path).containsExactlyInAnyOrder("/var", "/var/lib",
                "/var/lib/nginx", "/var/log", "/var/log/nginx", "/var/run", "/run", "/tmp");
    }

    @Test
    void anObservedPathKeepsItsObservedReasonWhenACallOnItAlsoFailed() throws IOException {
        ImageIndex index = ImageIndexerTest.index(new TestTar().dir("data/").file("data/lock", "x"));

        KeepSet keep = new KeepSetBuilder(index).observed(List.of("/data/lock"))
                .failedOnExisting(Map.of("/data/lock", "write: EEXIST")).build();

        assertThat(keep.get("/data/lock")).hasValue(new KeepSet.Kept("/data/lock", KeepReason.OBSERVED, null));
    }

    @Test
    void anExcludedPathIsNotKeptForAFailedCall() throws IOException {
        ImageIndex index = ImageIndexerTest.index(new TestTar().dir("data/").file("data/lock", "x"));

        KeepSet keep = new KeepSetBuilder(index).failedOnExisting(Map.of("/data/lock", "write: EEXIST"))
                .exclude(List.of("/data/**")).build();

        assertThat(keep.contains("/data/lock")).isFalse();
        assertThat(keep.excluded()).containsExactly("/data/lock");
    }

    @Test
    void patternsMustBeAbsolute() {
        assertThatThrownBy(() -> new KeepSetBuilder(debian).exclude(List.of("*.log")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeepSetBuilder(debian).includePaths(List.of("etc/**")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
