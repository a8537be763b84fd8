package dev.slimline.rootfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PathResolverTest {

    private static PathResolver resolver;

    @BeforeAll
    static void index() throws IOException {
        resolver = new PathResolver(ImageIndexerTest.index(new TestTar()
                .symlink("bin", "usr/bin")
                .symlink("lib", "usr/lib")
                .symlink("lib64", "usr/lib64")
                .dir("usr/").dir("usr/bin/").dir("usr/lib/").dir("usr/lib64/")
                .file("usr/bin/ls", "ls")
                .symlink("usr/bin/sh", "dash")
                .file("usr/bin/dash", "dash")
                .file("usr/lib/libc.so.6", "libc")
                .symlink("usr/lib64/ld.so", "/lib/libc.so.6")
                .symlink("usr/bin/escape", "../../../../../usr/bin/ls")
                .symlink("loop-a", "loop-b")
                .symlink("loop-b", "loop-a")
                .symlink("dangling", "/nowhere/at/all")
                .symlink("up", "usr/bin/..")));
    }

    @Test
    void followsMergedUsrSymlinks() {
        PathResolver.Resolution r = resolver.resolve("/bin/ls", true);

        assertThat(r.found()).isTrue();
        assertThat(r.path()).isEqualTo("/usr/bin/ls");
        assertThat(r.symlinks()).containsExactly("/bin");
    }

    @Test
    void absoluteTargetsAreRelativeToTheImageRoot() {
        PathResolver.Resolution r = resolver.resolve("/lib64/ld.so", true);

        assertThat(r.path()).isEqualTo("/usr/lib/libc.so.6");
        assertThat(r.symlinks()).containsExactly("/lib64", "/usr/lib64/ld.so", "/lib");
    }

    @Test
    void chainsOfLinksAreAllReported() {
        PathResolver.Resolution r = resolver.resolve("/bin/sh", true);

        assertThat(r.path()).isEqualTo("/usr/bin/dash");
        assertThat(r.symlinks()).containsExactly("/bin", "/usr/bin/sh");
    }

    @Test
    void theFinalLinkIsNotFollowedWhenAskedNotTo() {
        PathResolver.Resolution r = resolver.resolve("/bin/sh", false);

        assertThat(r.path()).isEqualTo("/usr/bin/sh");
        assertThat(r.symlinks()).containsExactly("/bin");
    }

    @Test
    void dotDotNeverClimbsAboveTheRoot() {
        assertThat(resolver.resolve("/usr/bin/escape", true).path()).isEqualTo("/usr/bin/ls");
        assertThat(resolver.resolve("/../../../usr/./bin//ls", true).path()).isEqualTo("/usr/bin/ls");
    }

    @Test
    void dotDotAfterASymlinkGoesToTheTargetsParent() {
        assertThat(resolver.resolve("/bin/../lib/libc.so.6", true).path()).isEqualTo("/usr/lib/libc.so.6");
        assertThat(resolver.resolve("/up", true).path()).isEqualTo("/usr");
    }

    @Test
    void loopsStopAfterFortyLinks() {
        PathResolver.Resolution r = resolver.resolve("/loop-a", true);

        assertThat(r.found()).isFalse();
        assertThat(r.failure()).isEqualTo("too many symlinks");
        assertThat(r.symlinks()).hasSize(PathResolver.MAX_SYMLINKS);
    }

    @Test
    void missingPathsAndFilesUsedAsDirectoriesAreNotFound() {
        PathResolver.Resolution dangling = resolver.resolve("/dangling", true);
        assertThat(dangling.found()).isFalse();
        assertThat(dangling.symlinks()).containsExactly("/dangling");
        assertThat(dangling.failure()).isEqualTo("missing");

        PathResolver.Resolution throughFile = resolver.resolve("/bin/ls/x", true);
        assertThat(throughFile.found()).isFalse();
        assertThat(throughFile.failure()).isEqualTo("not a directory");
    }

    @Test
    void theRootResolvesToItself() {
        assertThat(resolver.resolve("/", true)).satisfies(r -> {
            assertThat(r.found()).isTrue();
            assertThat(r.path()).isEqualTo("/");
        });
    }
}
