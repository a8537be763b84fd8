package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ExportSpoolTest {

    @TempDir
    Path dir;

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final byte[] export = randomBytes(3_000_000);
    private final ExecutorService writers = Executors.newCachedThreadPool();

    @AfterEach
    void stopWriters() {
        writers.shutdownNow();
    }

    @Test
    void keepsAByteExactCopyOfWhatPassedThroughAndWhatWasLeftUnread() throws Exception {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir), "job-1", 4_000_000, WAIT, writers);
        InputStream teed = spool.tee(new ByteArrayInputStream(export));

        byte[] head = teed.readNBytes(1_000_000);
        teed.skipNBytes(500_000);
        teed.read();
        spool.finish(teed);

        assertThat(head).isEqualTo(Arrays.copyOf(export, 1_000_000));
        assertThat(spool.failure()).isNull();
        assertThat(Files.readAllBytes(spool.awaitFile().orElseThrow())).isEqualTo(export);
    }

    @Test
    void closingDeletesTheFile() throws Exception {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir), "job-2", 4_000_000, WAIT, writers);
        InputStream teed = spool.tee(new ByteArrayInputStream(export));
        spool.finish(teed);
        Path file = spool.awaitFile().orElseThrow();

        spool.close();

        assertThat(file).doesNotExist();
        assertThat(spool.awaitFile()).isEmpty();
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    void anExportThatDoesNotFitIsNotSpooledAndSaysWhy() throws Exception {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir), "job-3", Long.MAX_VALUE / 4, WAIT, writers);
        InputStream teed = spool.tee(new ByteArrayInputStream(export));

        assertThat(teed.readAllBytes()).as("indexing reads the export as ever").isEqualTo(export);
        spool.finish(teed);

        assertThat(spool.awaitFile()).isEmpty();
        assertThat(spool.failure()).contains("do not fit in " + dir);
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    void anExportLargerThanItsReservationIsDroppedWhileIndexingGoesOn() throws Exception {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir), "job-4", 1_000_000, WAIT, writers);
        InputStream teed = spool.tee(new ByteArrayInputStream(export));

        assertThat(teed.readAllBytes()).isEqualTo(export);
        spool.finish(teed);

        assertThat(spool.awaitFile()).isEmpty();
        assertThat(spool.failure()).contains("larger than");
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    @Timeout(60)
    void theIndexingWaitsForADiskThatFallsBehindAndTheCopyIsComplete() throws Exception {
        List<Runnable> stalled = new ArrayList<>();
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir), "job-8", 200_000_000, WAIT, stalled::add);
        byte[] big = randomBytes((ExportSpool.QUEUED_CHUNKS + 2) * ExportSpool.CHUNK);
        InputStream teed = spool.tee(new ByteArrayInputStream(big));
        Future<byte[]> indexing = writers.submit(() -> {
            byte[] read = teed.readAllBytes();
            spool.finish(teed);
            return read;
        });

        awaitWaiting(indexing);
        stalled.forEach(writers::execute); // the disk catches up

        assertThat(indexing.get()).isEqualTo(big);
        assertThat(spool.failure()).isNull();
        assertThat(spool.indexWait()).as("the reader waited for the writer").isPositive();
        assertThat(Files.readAllBytes(spool.awaitFile().orElseThrow())).isEqualTo(big);
    }

    @Test
    @Timeout(60)
    void aDiskThatStaysBehindPastTheDeadlineIsGivenUpAndTheIndexingGoesOn() throws Exception {
        List<Runnable> stalled = new ArrayList<>();
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir), "job-9", 200_000_000, Duration.ofMillis(200),
                stalled::add);
        byte[] big = randomBytes((ExportSpool.QUEUED_CHUNKS + 2) * ExportSpool.CHUNK);
        InputStream teed = spool.tee(new ByteArrayInputStream(big));

        assertThat(teed.readAllBytes()).as("read to its end once the wait is over").isEqualTo(big);
        spool.finish(teed);

        assertThat(spool.failure()).contains("fell more than").contains("waited for it");
        assertThat(spool.indexWait()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(filesIn(dir)).isZero();
        stalled.forEach(Runnable::run); // the writer, late: it finds the copy given up and stops
        assertThat(spool.awaitFile()).isEmpty();
    }

    @Test
    @Timeout(60)
    void closingTheSpoolReleasesAReaderWaitingForTheDisk() throws Exception {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir), "job-10", 200_000_000, Duration.ofHours(1),
                runnable -> { });
        byte[] big = randomBytes((ExportSpool.QUEUED_CHUNKS + 2) * ExportSpool.CHUNK);
        InputStream teed = spool.tee(new ByteArrayInputStream(big));
        Future<byte[]> indexing = writers.submit(() -> teed.readAllBytes());

        awaitWaiting(indexing);
        spool.close(); // the job was canceled

        assertThat(indexing.get()).isEqualTo(big);
        assertThat(spool.failure()).isEqualTo("it was deleted");
        assertThat(filesIn(dir)).isZero();
    }

    /** Until the reading thread blocks on the full queue (bounded: the test's timeout). */
    private void awaitWaiting(Future<?> indexing) throws InterruptedException {
        while (!readerWaiting()) {
            assertThat(indexing).as("the reader must wait, not finish").isNotDone();
            Thread.sleep(10);
        }
    }

    private static boolean readerWaiting() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.TIMED_WAITING)
                .anyMatch(e -> Arrays.stream(e.getValue())
                        .anyMatch(frame -> frame.getClassName().equals(ExportSpool.class.getName())
                                && frame.getMethodName().equals("hand")));
    }

    @Test
    void spoolsOfRunningJobsShareTheSpace() {
        SpoolSpace space = new SpoolSpace(dir);
        long room = space.usableBytes() - SpoolSpace.RESERVE_BYTES;
        ExportSpool first = ExportSpool.open(space, "job-5", room * 2 / 3, WAIT, writers);

        ExportSpool second = ExportSpool.open(space, "job-6", room * 2 / 3, WAIT, writers);

        assertThat(first.failure()).isNull();
        assertThat(second.failure()).contains("do not fit");
        first.close();
        ExportSpool third = ExportSpool.open(space, "job-7", room * 2 / 3, WAIT, writers);
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
