package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportSpoolTest {

    @TempDir
    Path dir;

    private final byte[] export = randomBytes(3_000_000);

    @Test
    void keepsAByteExactCopyOfWhatPassedThroughAndWhatWasLeftUnread() throws IOException {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir), "job-1", 4_000_000);
        InputStream teed = spool.tee(new ByteArrayInputStream(export));

        byte[] head = teed.readNBytes(1_000_000);
        teed.skipNBytes(500_000);
        teed.read();
        spool.finish(teed);

        assertThat(head).isEqualTo(java.util.Arrays.copyOf(export, 1_000_000));
        assertThat(spool.failure()).isNull();
        assertThat(Files.readAllBytes(spool.file().orElseThrow())).isEqualTo(export);
    }

    @Test
    void closingDeletesTheFile() throws IOException {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir), "job-2", 4_000_000);
        InputStream teed = spool.tee(new ByteArrayInputStream(export));
        spool.finish(teed);
        Path file = spool.file().orElseThrow();

        spool.close();

        assertThat(file).doesNotExist();
        assertThat(spool.file()).isEmpty();
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    void anExportThatDoesNotFitIsNotSpooledAndSaysWhy() throws IOException {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir), "job-3", Long.MAX_VALUE / 4);
        InputStream teed = spool.tee(new ByteArrayInputStream(export));

        assertThat(teed.readAllBytes()).as("indexing reads the export as ever").isEqualTo(export);
        spool.finish(teed);

        assertThat(spool.file()).isEmpty();
        assertThat(spool.failure()).contains("do not fit in " + dir);
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    void anExportLargerThanItsReservationIsDroppedWhileIndexingGoesOn() throws IOException {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir), "job-4", 1_000_000);
        InputStream teed = spool.tee(new ByteArrayInputStream(export));

        assertThat(teed.readAllBytes()).isEqualTo(export);
        spool.finish(teed);

        assertThat(spool.file()).isEmpty();
        assertThat(spool.failure()).contains("larger than");
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    void spoolsOfRunningJobsShareTheSpace() {
        SpoolSpace space = new SpoolSpace(dir);
        long room = space.usableBytes() - SpoolSpace.RESERVE_BYTES;
        ExportSpool first = ExportSpool.open(space, "job-5", room * 2 / 3);

        ExportSpool second = ExportSpool.open(space, "job-6", room * 2 / 3);

        assertThat(first.failure()).isNull();
        assertThat(second.failure()).contains("do not fit");
        first.close();
        ExportSpool third = ExportSpool.open(space, "job-7", room * 2 / 3);
        assertThat(third.failure()).as("the first job's space is free again").isNull();
        third.close();
    }

    private static long filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
