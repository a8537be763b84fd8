package dev.slimline.pipeline;

import dev.slimline.docker.DockerApi;
import dev.slimline.rootfs.FilterStats;
import dev.slimline.rootfs.KeepSet;
import dev.slimline.rootfs.RootfsLimits;
import dev.slimline.rootfs.StagedTarFilter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The slim rootfs on its way into the daemon's import while the original's export is still being
 * read: started once the observation is over, with the files the application used, and finished
 * once the keep set is final (see {@link StagedTarFilter}). The import then ends soon after the
 * export instead of starting after it.
 *
 * <p>It reads the job's local copy of the export as that is written, so it needs one. Whatever
 * goes wrong with it, the build can still filter the export in one pass: {@link #await} then says
 * why. Closing it breaks off the import, so no image appears after the job has ended.
 */
final class EarlyImport implements AutoCloseable {

    private static final int PIPE_BUFFER = 1 << 20;
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final CompletableFuture<KeepSet> keepSet = new CompletableFuture<>();
    private final PipedOutputStream sink;
    private final FailingPipe body;
    private final CompletableFuture<FilterStats> filtering;
    private final CompletableFuture<String> importing;
    private final StagedTarFilter filter;

    /** What the import made, or why it made nothing the build can use. */
    record Outcome(String imageId, FilterStats stats, int earlyFiles, String failure) {
    }

    private EarlyImport(DockerApi docker, ExportSpool spool, InputStream copy, Set<String> observedFiles,
            List<String> excludes, List<String> changes, RootfsLimits limits, Executor background)
            throws IOException {
        this.body = new FailingPipe(new PipedInputStream(PIPE_BUFFER));
        this.sink = new PipedOutputStream(body.pipe);
        this.filter = new StagedTarFilter(sink, limits);
        this.filtering = CompletableFuture.supplyAsync(() -> {
            try {
                try (copy) {
                    filter.writeEarly(copy, observedFiles, excludes);
                }
                KeepSet keep = keepSet.join();
                Path file = spool.awaitFile().orElseThrow(() -> new IOException(
                        "the local copy of the export is gone: " + spool.failure()));
                FilterStats stats;
                try (FileChannel channel = FileChannel.open(file)) {
                    stats = filter.finish(channel, keep);
                }
                sink.close();
                return stats;
            } catch (IOException | RuntimeException e) {
                body.fail(e);
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                body.fail(e);
                throw new CompletionException(e);
            } finally {
                closeQuietly(sink);
            }
        }, background);
        this.importing = CompletableFuture.supplyAsync(() -> {
            try (body) {
                return docker.image().importFilesystem(body, null, null, changes);
            } catch (IOException | RuntimeException e) {
                body.fail(e);
                throw new CompletionException(e);
            }
        }, background);
    }

    /**
     * Starts streaming, or says why it cannot (the export is not spooled).
     *
     * @param observedFiles paths the application used; those that are regular files go first
     * @param changes the configuration for the import, as Dockerfile instructions
     */
    static EarlyImport start(DockerApi docker, ExportSpool spool, Set<String> observedFiles, List<String> excludes,
            List<String> changes, RootfsLimits limits, Executor background) throws IOException {
        return new EarlyImport(docker, spool, spool.follow(), observedFiles, excludes, changes, limits, background);
    }

    /** Lets the second stage begin: the keep set is final. */
    void keepSetFinal(KeepSet keep) {
        keepSet.complete(keep);
    }

    /** Waits for the import; the image it made, or why the build must filter again in one pass. */
    Outcome await() throws InterruptedException {
        FilterStats stats = null;
        String imageId = null;
        try {
            stats = filtering.get();
        } catch (ExecutionException e) {
            // the first failure, on either side, is the one to tell
        }
        try {
            imageId = importing.get();
        } catch (ExecutionException e) {
            // as above
        }
        Throwable failure = body.failure;
        if (failure == null && stats != null && imageId != null) {
            return new Outcome(imageId, stats, filter.earlyEntries(), null);
        }
        return new Outcome(imageId, null, filter.earlyEntries(), failure == null ? "it ended without an image"
                : reason(failure));
    }

    /** Breaks off whatever is still running and waits, bounded, for the import to end. */
    @Override
    public void close() {
        keepSet.cancel(false);
        body.fail(new CancellationException("the job ended before its slim image was imported"));
        try {
            importing.handle((id, e) -> id).get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            filtering.handle((stats, e) -> stats).get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the job's clean-up goes on; the reaper removes what is left by its label
        }
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static void closeQuietly(PipedOutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // closing the writing end only tells the reader the stream ended
        }
    }

    /**
     * The import's body: the pipe's reading end, which fails instead of ending when the writing
     * side failed, so the daemon sees a broken upload rather than a shorter archive that is still
     * valid (a tar that stops between entries reads as complete).
     */
    private static final class FailingPipe extends FilterInputStream {

        private final PipedInputStream pipe;
        private volatile Throwable failure;

        FailingPipe(PipedInputStream pipe) {
            super(pipe);
            this.pipe = pipe;
        }

        synchronized void fail(Throwable why) {
            if (failure == null) {
                failure = why;
            }
            try {
                pipe.close(); // a writer waiting for room gets an error
            } catch (IOException e) {
                // nothing more to tell it
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            checkFailure();
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                checkFailure();
                throw e;
            }
            if (n < 0) {
                checkFailure();
            }
            return n;
        }

        private void checkFailure() throws IOException {
            Throwable why = failure;
            if (why != null) {
                throw new IOException("the slim rootfs stream broke off: " + why.getMessage(), why);
            }
        }
    }
}
