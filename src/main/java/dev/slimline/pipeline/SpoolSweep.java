package dev.slimline.pipeline;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Removes export spools that no job will delete any more. A spool file loses its name as soon as
 * it is open (see {@link SpoolSpace}), so the kernel frees it with its JVM; what this finds are
 * files of a JVM killed between creating and unlinking one, and those of versions that kept the
 * name while the job ran. The spool directory may be shared by replicas on one host (the JVM's
 * temporary directory is, by default), so only the database can tell whose job has ended: a file
 * is deleted only when the caller names its job as one that is known and not running.
 */
@Component
public class SpoolSweep {

    static final String PREFIX = "slimline-export-";
    static final String SUFFIX = ".tar";

    private final Path directory;

    public SpoolSweep(PipelineProperties properties) {
        this.directory = properties.spoolDir();
    }

    /**
     * Deletes the spools of the jobs that {@code endedAmong} returns when given the ids of every
     * job with a spool in the directory; returns the files deleted.
     */
    public List<Path> sweep(Function<Set<String>, Set<String>> endedAmong) throws IOException {
        Map<String, List<Path>> byJob = new HashMap<>();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (DirectoryStream<Path> spools = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path spool : spools) {
                String job = jobOf(spool.getFileName().toString());
                if (job != null) {
                    byJob.computeIfAbsent(job, j -> new ArrayList<>()).add(spool);
                }
            }
        }
        if (byJob.isEmpty()) {
            return List.of();
        }
        List<Path> deleted = new ArrayList<>();
        for (String job : endedAmong.apply(Set.copyOf(byJob.keySet()))) {
            for (Path spool : byJob.getOrDefault(job, List.of())) {
                if (Files.deleteIfExists(spool)) {
                    deleted.add(spool);
                }
            }
        }
        return deleted;
    }

    /** {@code slimline-export-<job>-<random digits>.tar} names its job; anything else names none. */
    private static String jobOf(String name) {
        String middle = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
        int dash = middle.lastIndexOf('-');
        if (dash <= 0 || dash == middle.length() - 1) {
            return null;
        }
        String random = middle.substring(dash + 1);
        return random.chars().allMatch(Character::isDigit) ? middle.substring(0, dash) : null;
    }
}
