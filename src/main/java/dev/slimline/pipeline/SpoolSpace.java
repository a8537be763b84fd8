package dev.slimline.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The free space of {@code slimline.pipeline.spool-dir}, shared by the jobs of this instance: a
 * spool is started only when its expected size fits beside what running jobs have reserved,
 * leaving {@link #RESERVE_BYTES} free for everything else on that disk.
 */
final class SpoolSpace {

    static final long RESERVE_BYTES = 256L << 20;

    private final Path directory;
    private long reserved;

    SpoolSpace(Path directory) {
        this.directory = directory;
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

    synchronized Optional<Reservation> reserve(long bytes) {
        if (usableBytes() - reserved - bytes < RESERVE_BYTES) {
            return Optional.empty();
        }
        reserved += bytes;
        return Optional.of(new Reservation(bytes));
    }

    private synchronized void release(long bytes) {
        reserved -= bytes;
    }

    /** Space held for one spool until {@link #release}. */
    final class Reservation {
        private final long bytes;
        private boolean released;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        long bytes() {
            return bytes;
        }

        synchronized void release() {
            if (!released) {
                released = true;
                SpoolSpace.this.release(bytes);
            }
        }
    }
}
