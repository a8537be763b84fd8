package dev.slimline.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The spool directory ({@code slimline.pipeline.spool-dir}) as the jobs of this instance share
 * it: its free space, and the spool files kept between jobs.
 *
 * <p>A spool is started only when what it may still need beyond the file it gets fits beside
 * what running jobs have reserved, leaving {@link #RESERVE_BYTES} free for everything else on
 * that disk.
 *
 * <p>A spool file has no name: it is unlinked as soon as it is open, so the kernel deletes it when
 * this JVM ends, however it ends. A job that copied its export completely hands its file back,
 * and the next job overwrites it in place instead of making a new one: its pages are still in
 * the page cache, while a new file needs as much fresh memory as the export is large. On a virtual
 * machine whose host takes back the guest's free memory, touching that fresh memory was the
 * costliest part of spooling: writing 1 GB took 1 to 2.4 s of kernel time into new pages and
 * 0.3 s into pages just freed. A kept file is closed (and its space freed) after {@code keep}
 * unused, or at once when {@code keep} is zero.
 */
final class SpoolSpace {

    static final long RESERVE_BYTES = 256L << 20;

    private final Path directory;
    private final Duration keep;
    private final List<Kept> idle = new ArrayList<>();
    private long reserved;

    SpoolSpace(Path directory, Duration keep) {
        this.directory = directory;
        this.keep = keep;
    }

    Path directory() {
        return directory;
    }

    /** What the file system says is usable now; 0 when the directory cannot be asked. */
    long usableBytes() {
        try {
            Files.createDirectories(directory);
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** How many files are kept for the next spools. */
    synchronized int keptFiles() {
        return idle.size();
    }

    /**
     * A file for a copy of at most {@code bytes}: the largest kept one, or a new one in the
     * directory, named after {@code jobId} for the moment between its creation and its unlinking.
     * Empty when the space it would still need does not fit, even after closing the other kept
     * files.
     *
     * @throws IOException when no file can be made
     */
    synchronized Optional<Lease> lease(String jobId, long bytes) throws IOException {
        idle.removeIf(kept -> !kept.channel().isOpen());
        Kept reused = idle.stream().max(Comparator.comparingLong(Kept::size)).orElse(null);
        if (reused != null) {
            idle.remove(reused);
        }
        long growth = Math.max(0, bytes - (reused == null ? 0 : reused.size()));
        if (!fits(growth) && !idle.isEmpty()) {
            idle.forEach(kept -> closeQuietly(kept.channel()));
            idle.clear();
        }
        if (!fits(growth)) {
            if (reused != null) {
                closeQuietly(reused.channel());
            }
            return Optional.empty();
        }
        FileChannel channel = reused != null ? reused.channel() : unlinkedFile(jobId);
        reserved += growth;
        return Optional.of(new Lease(channel, bytes, growth, reused != null));
    }

    private boolean fits(long growth) {
        return usableBytes() - reserved - growth >= RESERVE_BYTES;
    }

    private FileChannel unlinkedFile(String jobId) throws IOException {
        Files.createDirectories(directory);
        Path file = Files.createTempFile(directory, SpoolSweep.PREFIX + jobId + "-", SpoolSweep.SUFFIX);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(file);
            return channel;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                closeQuietly(channel);
            }
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private synchronized void giveBack(Lease lease, boolean reusable) {
        reserved -= lease.growth;
        if (!reusable || keep.isZero() || !lease.channel.isOpen()) {
            closeQuietly(lease.channel);
            return;
        }
        long size;
        try {
            size = lease.channel.size();
        } catch (IOException e) {
            closeQuietly(lease.channel);
            return;
        }
        Kept kept = new Kept(lease.channel, size);
        idle.add(kept);
        CompletableFuture.delayedExecutor(keep.toMillis(), TimeUnit.MILLISECONDS).execute(() -> expire(kept));
    }

    private synchronized void expire(Kept kept) {
        // identity: a file taken and given back since has a timer of its own
        if (idle.removeIf(k -> k == kept)) {
            closeQuietly(kept.channel());
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // an unlinked file: closing it only frees its space, which the kernel does anyway
        }
    }

    private record Kept(FileChannel channel, long size) {
    }

    /** One spool's file, and the room it may grow into, until it is given back. */
    final class Lease {
        private final FileChannel channel;
        private final long bytes;
        private final long growth;
        private final boolean reused;
        private boolean ended;

        private Lease(FileChannel channel, long bytes, long growth, boolean reused) {
            this.channel = channel;
            this.bytes = bytes;
            this.growth = growth;
            this.reused = reused;
        }

        /** Whether the file is one an earlier spool gave back. */
        boolean reused() {
            return reused;
        }

        FileChannel channel() {
            return channel;
        }

        /** The most the copy may hold. */
        long bytes() {
            return bytes;
        }

        /** Ends the lease: the file is kept for the next spool when {@code reusable}, else closed. */
        void end(boolean reusable) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            giveBack(this, reusable);
        }
    }
}
