package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
    private static final Duration KEEP = Duration.ofMinutes(10);

    private final byte[] export = randomBytes(3_000_000);
    private final ExecutorService writers = Executors.newCachedThreadPool();

    @AfterEach
    void stopWriters() {
        writers.shutdownNow();
    }

    @Test
    void keepsAByteExactCopyOfWhatPassedThroughAndWhatWasLeftUnread() throws Exception {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir, KEEP), "job-1", 4_000_000, WAIT, writers);
        InputStream teed = spool.tee(new ByteArrayInputStream(export));

        byte[] head = teed.readNBytes(1_000_000);
        teed.skipNBytes(500_000);
        teed.read();
        spool.finish(teed);

        assertThat(head).isEqualTo(Arrays.copyOf(export, 1_000_000));
        assertThat(spool.failure()).isNull();
        assertThat(read(spool.awaitCopy().orElseThrow(), export.length)).isEqualTo(export);
        assertThat(filesIn(dir)).as("the copy has no name").isZero();
    }

    @Test
    @Timeout(60)
    void theNextSpoolOverwritesACompleteCopysFileWhichIsClosedOnceUnusedForTheKeepTime() throws Exception {
        SpoolSpace space = new SpoolSpace(dir, Duration.ofMillis(300));
        ExportSpool first = ExportSpool.open(space, "job-2", 4_000_000, WAIT, writers);
        first.finish(first.tee(new ByteArrayInputStream(export)));
        FileChannel file = first.awaitCopy().orElseThrow();
        assertThat(first.reusesFile()).isFalse();
        first.close();
        assertThat(first.awaitCopy()).isEmpty();
        assertThat(space.keptFiles()).isOne();

        byte[] shorter = Arrays.copyOf(randomBytes(export.length, 7), 1_000_000);
        ExportSpool second = ExportSpool.open(space, "job-11", 4_000_000, WAIT, writers);
        second.finish(second.tee(new ByteArrayInputStream(shorter)));

        assertThat(second.awaitCopy()).as("the same file, overwritten from its start").containsSame(file);
        assertThat(second.reusesFile()).isTrue();
        assertThat(read(file, shorter.length)).isEqualTo(shorter);
        assertThat(space.keptFiles()).isZero();
        second.close();
        assertThat(space.keptFiles()).isOne();
        while (space.keptFiles() > 0) {
            Thread.sleep(20);
        }
        assertThat(file.isOpen()).as("closed after the keep time, which frees its space").isFalse();
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    void withoutAKeepTimeEveryFileIsClosedAtItsSpoolsEnd() throws Exception {
        SpoolSpace space = new SpoolSpace(dir, Duration.ZERO);
        ExportSpool spool = ExportSpool.open(space, "job-12", 4_000_000, WAIT, writers);
        spool.finish(spool.tee(new ByteArrayInputStream(export)));
        FileChannel file = spool.awaitCopy().orElseThrow();

        spool.close();

        assertThat(file.isOpen()).isFalse();
        assertThat(space.keptFiles()).isZero();
    }

    @Test
    void anExportThatDoesNotFitIsNotSpooledAndSaysWhy() throws Exception {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir, KEEP), "job-3", Long.MAX_VALUE / 4, WAIT, writers);
        InputStream teed = spool.tee(new ByteArrayInputStream(export));

        assertThat(teed.readAllBytes()).as("indexing reads the export as ever").isEqualTo(export);
        spool.finish(teed);

        assertThat(spool.awaitCopy()).isEmpty();
        assertThat(spool.failure()).contains("do not fit in " + dir);
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    void anExportLargerThanItsReservationIsDroppedWhileIndexingGoesOn() throws Exception {
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir, KEEP), "job-4", 1_000_000, WAIT, writers);
        InputStream teed = spool.tee(new ByteArrayInputStream(export));

        assertThat(teed.readAllBytes()).isEqualTo(export);
        spool.finish(teed);

        assertThat(spool.awaitCopy()).isEmpty();
        assertThat(spool.failure()).contains("larger than");
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    @Timeout(60)
    void theIndexingWaitsForADiskThatFallsBehindAndTheCopyIsComplete() throws Exception {
        List<Runnable> stalled = new ArrayList<>();
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir, KEEP), "job-8", 200_000_000, WAIT, stalled::add);
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
        assertThat(read(spool.awaitCopy().orElseThrow(), big.length)).isEqualTo(big);
    }

    @Test
    @Timeout(60)
    void aDiskThatStaysBehindPastTheDeadlineIsGivenUpAndTheIndexingGoesOn() throws Exception {
        List<Runnable> stalled = new ArrayList<>();
        ExportSpool spool = ExportSpool.open(new SpoolSpace(dir, KEEP), "job-9", 200_000_000, Duration.ofMillis(200),
                stalled::add);
        byte[] big = randomBytes((ExportSpool.QUEUED_CHUNKS + 2) * ExportSpool.CHUNK);
        InputStream teed = spool.tee(new ByteArrayInputStream(big));

        assertThat(teed.readAllBytes()).as("read to its end once the wait is over").isEqualTo(big);
        spool.finish(teed);

        assertThat(spool.failure()).contains("fell more than").contains("waited for it");
        assertThat(spool.indexWait()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(filesIn(dir)).isZero();
        stalled.forEach(Runnable::run); // the writer, late: it finds the copy given up and stops
        assertThat(spool.awaitCopy()).isEmpty();
    }

    @Test
    @Timeout(60)
    void closingTheSpoolReleasesAReaderWaitingForTheDiskAndKeepsNoFile() throws Exception {
        SpoolSpace space = new SpoolSpace(dir, KEEP);
        ExportSpool spool = ExportSpool.open(space, "job-10", 200_000_000, Duration.ofHours(1), runnable -> { });
        byte[] big = randomBytes((ExportSpool.QUEUED_CHUNKS + 2) * ExportSpool.CHUNK);
        InputStream teed = spool.tee(new ByteArrayInputStream(big));
        Future<byte[]> indexing = writers.submit(() -> teed.readAllBytes());

        awaitWaiting(indexing);
        spool.close(); // the job was canceled

        assertThat(indexing.get()).isEqualTo(big);
        assertThat(spool.failure()).isEqualTo("it was deleted");
        assertThat(space.keptFiles()).as("an incomplete copy is not worth keeping").isZero();
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
        SpoolSpace space = new SpoolSpace(dir, KEEP);
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
        return randomBytes(n, 42);
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] read(FileChannel file, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        while (bytes.hasRemaining() && file.read(bytes, bytes.position()) > 0) {
            // positional reads leave the channel's own position alone
        }
        return bytes.array();
    }
}
