package dev.slimline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestImagesTest {

    private static final String BASE = "sha256:" + "ab".repeat(32);

    @TempDir
    Path folder;

    @Test
    void sameSourcesOnTheSameBaseGiveTheSameTag() throws IOException {
        write("Dockerfile", "FROM debian:bookworm\n");
        write("app/server.js", "console.log('hi');\n");
        String first = tag(BASE);

        assertThat(first).matches("[0-9a-f]{12}");
        assertThat(tag(BASE)).isEqualTo(first);
    }

    @Test
    void anyChangeToTheSourcesOrTheBaseGivesANewTag() throws IOException {
        write("Dockerfile", "FROM debian:bookworm\n");
        write("app/server.js", "console.log('hi');\n");
        String original = tag(BASE);

        assertThat(tag("sha256:" + "cd".repeat(32))).as("other base image").isNotEqualTo(original);

        write("app/server.js", "console.log('hi!');\n");
        String edited = tag(BASE);
        assertThat(edited).as("edited file").isNotEqualTo(original);

        Files.move(folder.resolve("app/server.js"), folder.resolve("app/main.js"));
        assertThat(tag(BASE)).as("renamed file").isNotEqualTo(edited).isNotEqualTo(original);
    }

    @Test
    void movingBytesBetweenPathAndContentChangesTheTag() throws IOException {
        write("Dockerfile", "FROM scratch\n");
        write("ab", "c");
        String split = tag(BASE);
        Files.delete(folder.resolve("ab"));
        write("a", "bc");

        assertThat(tag(BASE)).isNotEqualTo(split);
    }

    @Test
    void aFolderWithoutDockerfileIsRefused() throws IOException {
        write("server.js", "");

        assertThatThrownBy(() -> TestImages.contextFiles(folder)).hasMessageContaining("no Dockerfile");
    }

    @Test
    void everyImageFolderHasADockerfile() {
        for (String name : new String[] {"tiny-app", "node-app", "python-app", "exit-app", "noport-app", "files-app"}) {
            assertThat(TestImages.contextFiles(Path.of("src/test/docker", name)))
                    .extracting(TestImages.ContextFile::path).contains("Dockerfile");
        }
    }

    private String tag(String baseId) {
        return TestImages.contentTag(TestImages.contextFiles(folder), baseId);
    }

    private void write(String path, String content) throws IOException {
        Path file = folder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
