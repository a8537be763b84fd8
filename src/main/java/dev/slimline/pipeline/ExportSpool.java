package dev.slimline.pipeline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A job's local copy of the original image's export. Pass 1 (indexing, during the observation)
 * reads the export from the daemon through {@link #tee}, which hands every byte it passes on to a
 * writer thread that writes it to a file of the spool directory (see {@link SpoolSpace}: it has no
 * name, and it may be one an earlier job wrote, overwritten from its start); pass 2 (the build)
 * then filters that file instead of asking the daemon for a second export, the slowest part of a
 * job for a big image. A reused file may hold more of an earlier, longer export beyond this one's
 * end; only what the index located in this export is ever read.
 *
 * <p>The writer gets at most {@value #QUEUED_CHUNKS} chunks of {@value #CHUNK} bytes ahead; when
 * the disk falls further behind (on a busy machine it may well be slower than the daemon, at least
 * in bursts), the indexing waits for it. Indexing runs during the observation, so a slower index
 * costs little, far less than a second export would; but the waits together are bounded by
 * {@code maxWait}, after which the copy is given up and the indexing goes on at the daemon's pace.
 * The copy is also given up when it would not fit, when writing fails, or when it grows beyond
 * what was reserved for it. Whatever the reason, the file is closed at once, which frees its space,
 * and {@link #failure} says why the build must export again. {@link #close} hands a complete copy's
 * file back for the next job, and closes any other.
 */
final class ExportSpool implements AutoCloseable {

    static final int CHUNK = 1 << 20;
    static final int QUEUED_CHUNKS = 64;
    private static final byte[] END = new byte[0];

    private final SpoolSpace.Lease lease;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final CountDownLatch written = new CountDownLatch(1);
    private final long maxWaitNanos;
    // the reading thread's own: tee and finish are called by the one thread that indexes
    private ByteBuffer pending = ByteBuffer.allocate(CHUNK);
    private long accepted;
    private volatile long waitedNanos;
    private volatile String failure;
    private volatile boolean complete;

    private ExportSpool(SpoolSpace.Lease lease, Duration maxWait, Executor writers) {
        this.lease = lease;
        this.maxWaitNanos = maxWait.toNanos();
        writers.execute(this::write);
    }

    private ExportSpool(String failure) {
        this.lease = null;
        this.maxWaitNanos = 0;
        this.failure = failure;
        written.countDown();
    }

    /**
     * A spool for an export of about {@code expectedBytes}, written by a thread of {@code writers},
     * that makes the reader wait for the disk {@code maxWait} at most in all; or one that explains
     * why there is none (it does not fit, or no file can be made).
     */
    static ExportSpool open(SpoolSpace space, String jobId, long expectedBytes, Duration maxWait, Executor writers) {
        Optional<SpoolSpace.Lease> lease;
        try {
            lease = space.lease(jobId, expectedBytes);
        } catch (IOException | UncheckedIOException e) {
            return new ExportSpool("cannot create a file in " + space.directory() + ": " + e.getMessage());
        }
        if (lease.isEmpty()) {
            return new ExportSpool(expectedBytes / 1_000_000 + " MB do not fit in " + space.directory() + " ("
                    + space.usableBytes() / 1_000_000 + " MB usable, less what other jobs hold and a reserve of "
                    + SpoolSpace.RESERVE_BYTES / 1_000_000 + " MB)");
        }
        return new ExportSpool(lease.get(), maxWait, writers);
    }

    /** The export, passed through: what is read from it is also copied to the spool. */
    InputStream tee(InputStream export) {
        return new FilterInputStream(export) {
            private final byte[] skipBuffer = new byte[CHUNK];

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    copy(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    copy(buffer, offset, n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // skipped bytes must reach the spool too; the indexer skips most of every file
                long skipped = 0;
                while (skipped < n) {
                    int got = read(skipBuffer, 0, (int) Math.min(skipBuffer.length, n - skipped));
                    if (got < 0) {
                        break;
                    }
                    skipped += got;
                }
                return skipped;
            }
        };
    }

    /** After pass 1: copies what the indexer left unread (the end of the archive) and lets the writer finish. */
    void finish(InputStream teed) throws IOException {
        if (failure == null) {
            teed.transferTo(OutputStream.nullOutputStream());
        }
        if (pending.position() > 0) {
            hand(Arrays.copyOf(pending.array(), pending.position()));
        }
        hand(END);
    }

    /**
     * Waits for the writer, then gives the complete copy, or nothing when there is none (see
     * {@link #failure}). The copy is this spool's until {@link #close}: read it, do not close it.
     */
    Optional<FileChannel> awaitCopy() throws InterruptedException {
        written.await();
        return complete && failure == null ? Optional.of(lease.channel()) : Optional.empty();
    }

    /** Whether the copy overwrites a file an earlier job's spool gave back. */
    boolean reusesFile() {
        return lease != null && lease.reused();
    }

    /** Why the export is not (or no longer) spooled; null while it is. */
    String failure() {
        return failure;
    }

    /** How long the reader waited for the disk so far, in all. */
    Duration indexWait() {
        return Duration.ofNanos(waitedNanos);
    }

    private void copy(byte[] buffer, int offset, int length) {
        if (failure != null) {
            return;
        }
        if (accepted + length > lease.bytes()) {
            abandon("the export is larger than the " + lease.bytes() / 1_000_000 + " MB reserved for it");
            return;
        }
        accepted += length;
        while (length > 0 && failure == null) {
            int n = Math.min(length, pending.remaining());
            pending.put(buffer, offset, n);
            offset += n;
            length -= n;
            if (!pending.hasRemaining()) {
                hand(pending.array());
                pending = ByteBuffer.allocate(CHUNK);
            }
        }
    }

    /**
     * Gives a chunk to the writer, waiting while the queue is full, for what is left of the
     * deadline. Not under the lock: {@link #abandon} empties the queue, which wakes this wait.
     */
    private void hand(byte[] chunk) {
        if (failure != null || queue.offer(chunk)) {
            return;
        }
        long start = System.nanoTime();
        boolean handed;
        try {
            handed = queue.offer(chunk, Math.max(0, maxWaitNanos - waitedNanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon("the indexing was interrupted");
            return;
        } finally {
            waitedNanos += System.nanoTime() - start;
        }
        if (!handed) {
            abandon("the disk fell more than " + (long) QUEUED_CHUNKS * CHUNK / 1_000_000
                    + " MB behind the daemon's export, and the indexing waited for it "
                    + Duration.ofNanos(maxWaitNanos).toMillis() / 1000.0 + " s in all");
        }
    }

    /** The writer thread: writes chunks one after the other until the end or until the copy is given up. */
    private void write() {
        FileChannel out = lease.channel();
        long position = 0;
        try {
            while (true) {
                byte[] chunk = queue.take();
                if (chunk == END || failure != null) {
                    break;
                }
                ByteBuffer bytes = ByteBuffer.wrap(chunk);
                while (bytes.hasRemaining()) {
                    position += out.write(bytes, position);
                }
            }
            synchronized (this) {
                complete = failure == null;
            }
        } catch (IOException e) {
            abandon("writing it failed: " + e.getMessage());
        } catch (InterruptedException e) {
            abandon("its writer was interrupted");
            Thread.currentThread().interrupt();
        } finally {
            written.countDown();
        }
    }

    private synchronized void abandon(String why) {
        if (failure == null) {
            failure = why;
        }
        complete = false;
        queue.clear();
        queue.offer(END); // wakes the writer, which then stops
        if (lease != null) {
            lease.end(false); // a write still under way fails on the closed file, and the writer stops
        }
    }

    /**
     * Ends the spool: a complete copy's file goes back for the next job's spool, any other is
     * closed; safe to call more than once, and while the writer runs.
     */
    @Override
    public synchronized void close() {
        if (complete && failure == null) {
            failure = "it was closed";
            lease.end(true);
        } else {
            abandon("it was deleted");
        }
    }
}
