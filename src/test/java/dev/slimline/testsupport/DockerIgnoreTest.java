package dev.slimline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DockerIgnoreTest {

    @Test
    void aPatternIsAnchoredAtTheContextRootAndCoversWhatADirectoryHolds() {
        DockerIgnore ignore = DockerIgnore.parse("target/\n/data/\n.git\n");

        assertThat(ignore.excludes("target/classes/App.class")).isTrue();
        assertThat(ignore.excludes("data/db/slimline.mv.db")).isTrue();
        assertThat(ignore.excludes(".git")).isTrue();
        assertThat(ignore.excludes("src/main/data/seed.sql")).as("only the top-level data").isFalse();
        assertThat(ignore.excludes("src/target/x")).isFalse();
        assertThat(ignore.excludes("targets.txt")).isFalse();
    }

    @Test
    void starsStayWithinOnePathElementAndDoubleStarsCrossThem() {
        DockerIgnore ignore = DockerIgnore.parse("*.iml\nsrc/*/tmp\n**/*.log\n");

        assertThat(ignore.excludes("slimline.iml")).isTrue();
        assertThat(ignore.excludes("module/slimline.iml")).isFalse();
        assertThat(ignore.excludes("src/main/tmp/a")).isTrue();
        assertThat(ignore.excludes("src/main/java/tmp")).isFalse();
        assertThat(ignore.excludes("build.log")).isTrue();
        assertThat(ignore.excludes("a/b/c/build.log")).isTrue();
    }

    @Test
    void theLastMatchingLineDecidesAndExceptionsBringFilesBack() {
        DockerIgnore ignore = DockerIgnore.parse("# docs stay out\ndocs\n!docs/README.md\n\n  \n");

        assertThat(ignore.excludes("docs/guide.md")).isTrue();
        assertThat(ignore.excludes("docs/README.md")).isFalse();
    }

    @Test
    void questionMarksAndClassesMatchOneCharacterButNeverASlash() {
        DockerIgnore ignore = DockerIgnore.parse("file?.txt\nlog[0-9]\na[^x]b\n");

        assertThat(ignore.excludes("file1.txt")).isTrue();
        assertThat(ignore.excludes("file12.txt")).isFalse();
        assertThat(ignore.excludes("log7")).isTrue();
        assertThat(ignore.excludes("logx")).isFalse();
        assertThat(ignore.excludes("ayb")).isTrue();
        assertThat(ignore.excludes("a/b")).isFalse();
    }

    @Test
    void theRepositorysOwnFileKeepsBuildOutputAndGitOut() throws IOException {
        DockerIgnore ignore = DockerIgnore.parse(Files.readString(Path.of(".dockerignore")));

        assertThat(ignore.excludes("target/slimline-0.1.0-SNAPSHOT.jar")).isTrue();
        assertThat(ignore.excludes(".git")).isTrue();
        assertThat(ignore.excludes("data/db/slimline.mv.db")).isTrue();
        assertThat(ignore.excludes("pom.xml")).isFalse();
        assertThat(ignore.excludes("src/main/java/dev/slimline/SlimlineApplication.java")).isFalse();
        assertThat(ignore.excludes("Dockerfile")).isFalse();
    }
}
