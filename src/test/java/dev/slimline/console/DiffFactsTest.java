package dev.slimline.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slimline.inventory.ImageDiff;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DiffFactsTest {

    private static DiffFacts read(String json) throws IOException {
        return DiffFacts.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheDirectoriesAndEachEcosystemsBytesFromTheDiffTheInventoryWrites() throws IOException {
        ImageDiff diff = new ImageDiff(1, new ImageDiff.Tally(5, 700, 9, 9000),
                List.of(new ImageDiff.DirectoryTally("/usr", 4, 600, 8, 8000),
                        new ImageDiff.DirectoryTally("/", 1, 100, 1, 1000)),
                List.of(new ImageDiff.PackageTally("pkg:deb/debian/libc6@2.36", "dpkg", "libc6", "2.36", 2, 300, 3,
                                1200, 0),
                        new ImageDiff.PackageTally("pkg:deb/debian/perl-base@5.36", "dpkg", "perl-base", "5.36", 0,
                                0, 4, 2000, 0),
                        new ImageDiff.PackageTally("pkg:pypi/flask@2.2.2", "pypi", "flask", "2.2.2", 1, 50, 1, 25, 1)),
                new ImageDiff.Tally(1, 100, 1, 1000),
                List.of(new ImageDiff.RemovedFile("/usr/bin/perl", 2000, "pkg:deb/debian/perl-base@5.36")),
                List.of(new ImageDiff.KeptFile("/usr/lib/libc.so.6", "file", 300, "elf_needed", "/app", null)),
                new ImageDiff.InventoryState(true, List.of()));

        byte[] json = JsonMapper.builder().build().writeValueAsBytes(diff);

        DiffFacts facts = DiffFacts.read(new ByteArrayInputStream(json));

        assertThat(facts.directories()).containsExactly(new ImageDiff.DirectoryTally("/usr", 4, 600, 8, 8000),
                new ImageDiff.DirectoryTally("/", 1, 100, 1, 1000));
        assertThat(facts.packageBytes()).containsOnly(
                Map.entry("dpkg", new DiffFacts.Bytes(3500, 300)),
                Map.entry("pypi", new DiffFacts.Bytes(75, 50)));
    }

    @Test
    void fieldsItDoesNotKnowAreSkippedAndMissingListsAreEmpty() throws IOException {
        DiffFacts facts = read("""
                {"schemaVersion": 2, "somethingNew": [1, {"a": null}],
                 "byTopLevelDirectory": [{"directory": "/opt", "removedBytes": 42, "largestFile": "/opt/x"}]}
                """);
        assertThat(facts.directories()).containsExactly(new ImageDiff.DirectoryTally("/opt", 0, 0, 0, 42));
        assertThat(facts.packageBytes()).isEmpty();
    }

    @Test
    void namesWithMarkupQuotesAndEscapesAreReadAsTheyAre() throws IOException {
        DiffFacts facts = read("""
                {"byTopLevelDirectory": [{"directory": "/<script>alert(\\"x\\")</script>\\\\xff", "removedBytes": 1}]}
                """);
        assertThat(facts.directories().get(0).directory()).isEqualTo("/<script>alert(\"x\")</script>\\xff");
    }

    @Test
    void aDiffThatIsNotJsonIsAnError() {
        assertThatThrownBy(() -> read("not json")).isInstanceOf(IOException.class).hasMessageContaining("diff.json");
        assertThatThrownBy(() -> read("")).isInstanceOf(IOException.class).hasMessageContaining("diff.json");
    }
}
