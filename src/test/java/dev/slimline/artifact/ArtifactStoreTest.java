package dev.slimline.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slimline.SlimlineProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {

    @TempDir
    Path data;

    @Test
    void writesListsReadsAndDeletesAJobsArtifacts() throws IOException {
        ArtifactStore store = new ArtifactStore(new SlimlineProperties(data));

        store.write("job-1", "seccomp.json", "{}".getBytes(StandardCharsets.UTF_8));
        store.write("job-1", "Dockerfile", "FROM scratch\n".getBytes(StandardCharsets.UTF_8));
        store.write("job-1", "seccomp.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

        assertThat(store.list("job-1")).containsExactly(new StoredArtifact("Dockerfile", 13),
                new StoredArtifact("seccomp.json", 7));
        try (InputStream in = store.open("job-1", "seccomp.json")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        }
        try (Stream<Path> files = Files.list(data.resolve("artifacts").resolve("job-1"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactlyInAnyOrder("Dockerfile", "seccomp.json");
        }
        assertThat(store.list("job-2")).isEmpty();

        store.deleteAll("job-1");

        assertThat(Files.exists(data.resolve("artifacts").resolve("job-1"))).isFalse();
        assertThat(store.find("job-1", "seccomp.json")).isEmpty();
    }

    @Test
    void refusesNamesAndIdsThatCouldLeaveTheJobsDirectory() {
        ArtifactStore store = new ArtifactStore(new SlimlineProperties(data));

        for (String name : new String[] {"../x", "..", ".hidden", "a/b", "a\\b", "", "x".repeat(200), "a..b"}) {
            assertThat(ArtifactStore.isValidName(name)).as(name).isFalse();
            assertThatThrownBy(() -> store.write("job-1", name, new byte[0])).isInstanceOf(IllegalArgumentException.class);
            assertThat(store.find("job-1", name)).isEmpty();
        }
        assertThatThrownBy(() -> store.list("../job")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ArtifactStore.isValidName("apparmor.profile")).isTrue();
    }
}
