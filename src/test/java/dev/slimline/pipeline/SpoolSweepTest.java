package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolSweepTest {

    private static final String RUNNING = "3f0c8a34-9a51-4f7e-bf0a-6f1f8e2f4d11";
    private static final String ENDED = "b2a7d7d0-1c55-4e4f-8a3e-2c7e90c1a2b3";
    private static final String UNKNOWN = "77e1f0a6-52c4-4b8e-9d53-0e1a3b6c5d7f";

    @TempDir
    Path dir;

    @Test
    void deletesOnlyTheSpoolsOfJobsTheDatabaseKnowsAsEnded() throws Exception {
        Path running = Files.createTempFile(dir, "slimline-export-" + RUNNING + "-", ".tar");
        Path ended = Files.createTempFile(dir, "slimline-export-" + ENDED + "-", ".tar");
        Path endedAgain = Files.createTempFile(dir, "slimline-export-" + ENDED + "-", ".tar");
        Path unknown = Files.createTempFile(dir, "slimline-export-" + UNKNOWN + "-", ".tar");
        Path unrelated = Files.createFile(dir.resolve("slimline-export-notes.txt"));
        Path oddName = Files.createFile(dir.resolve("slimline-export-" + ENDED + "-copy.tar"));
        List<Set<String>> asked = new ArrayList<>();

        List<Path> deleted = sweep(dir).sweep(jobs -> {
            asked.add(jobs);
            // the database: RUNNING is running, ENDED has ended, UNKNOWN is another database's job
            return jobs.stream().filter(ENDED::equals).collect(Collectors.toSet());
        });

        assertThat(asked).containsExactly(Set.of(RUNNING, ENDED, UNKNOWN));
        assertThat(deleted).containsExactlyInAnyOrder(ended, endedAgain);
        assertThat(ended).doesNotExist();
        assertThat(endedAgain).doesNotExist();
        assertThat(running).exists();
        assertThat(unknown).exists();
        assertThat(unrelated).exists();
        assertThat(oddName).exists();
    }

    @Test
    void anEmptyOrMissingDirectoryAsksNothing() throws Exception {
        List<Set<String>> asked = new ArrayList<>();

        assertThat(sweep(dir).sweep(jobs -> {
            asked.add(jobs);
            return jobs;
        })).isEmpty();
        assertThat(sweep(dir.resolve("missing")).sweep(jobs -> {
            asked.add(jobs);
            return jobs;
        })).isEmpty();

        assertThat(asked).isEmpty();
    }

    @Test
    void theSpoolAJobWritesHasNoNameForTheSweepToFind() throws Exception {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir, Duration.ofMinutes(10)), ENDED, 1_000_000,
                Duration.ofSeconds(1), runnable -> new Thread(runnable).start());
        List<Set<String>> asked = new ArrayList<>();

        sweep(dir).sweep(jobs -> {
            asked.add(jobs);
            return jobs;
        });

        assertThat(spool.failure()).as("the spool is under way").isNull();
        assertThat(asked).isEmpty();
        spool.close();
    }

    private static SpoolSweep sweep(Path dir) {
        return new SpoolSweep(new PipelineProperties(10, dir));
    }
}
