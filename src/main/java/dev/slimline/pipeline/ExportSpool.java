package dev.slimline.pipeline;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A job's local copy of the original image's export. Pass 1 (indexing, during the observation)
 * reads the export from the daemon through {@link #tee}, which writes every byte it passes on to
 * a file in the spool directory; pass 2 (the build) then filters that file instead of asking the
 * daemon for a second export, the slowest part of a job for a big image. The file is written
 * sequentially and read once; {@link #close} deletes it and returns its space.
 *
 * <p>When the copy cannot be made (it would not fit, the disk filled up, it grew beyond what was
 * reserved for it), the file is deleted at once, indexing goes on untouched, and {@link #file}
 * says why the build must export again.
 */
final class ExportSpool implements AutoCloseable {

    private static final int BUFFER = 1 << 20;

    private final Path file;
    private final SpoolSpace.Reservation reservation;
    private OutputStream out;
    private long written;
    private volatile String failure;
    private volatile boolean complete;

    private ExportSpool(Path file, SpoolSpace.Reservation reservation) throws IOException {
        this.file = file;
        this.reservation = reservation;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
    }

    /**
     * A spool for an export of about {@code expectedBytes}, or one that explains why there is none
     * (it does not fit in the spool directory, or the file cannot be created there).
     */
    static ExportSpool open(SpoolSpace space, String jobId, long expectedBytes) {
        Optional<SpoolSpace.Reservation> reservation = space.reserve(expectedBytes);
        if (reservation.isEmpty()) {
            return failed(expectedBytes / 1_000_000 + " MB do not fit in " + space.directory() + " ("
                    + space.usableBytes() / 1_000_000 + " MB usable, less what other jobs hold and a reserve of "
                    + SpoolSpace.RESERVE_BYTES / 1_000_000 + " MB)");
        }
        try {
            Path file = Files.createTempFile(space.directory(), "slimline-export-" + jobId + "-", ".tar");
            return new ExportSpool(file, reservation.get());
        } catch (IOException | UncheckedIOException e) {
            reservation.get().release();
            return failed("cannot create a file in " + space.directory() + ": " + e.getMessage());
        }
    }

    private static ExportSpool failed(String why) {
        return new ExportSpool(why);
    }

    private ExportSpool(String failure) {
        this.file = null;
        this.reservation = null;
        this.failure = failure;
    }

    /** The export, passed through: what is read from it is also written to the spool. */
    InputStream tee(InputStream export) {
        return new FilterInputStream(export) {
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

            private final byte[] skipBuffer = new byte[BUFFER];

            @Override
            public long skip(long n) throws IOException {
                // skipped bytes must reach the spool too; the indexer skips most of every file
                long skipped = 0;
                byte[] buffer = skipBuffer;
                while (skipped < n) {
                    int got = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                    if (got < 0) {
                        break;
                    }
                    skipped += got;
                }
                return skipped;
            }
        };
    }

    /** After pass 1: copies what the indexer left unread (the end of the archive) and closes the file. */
    void finish(InputStream teed) throws IOException {
        if (failure == null) {
            teed.transferTo(OutputStream.nullOutputStream());
        }
        synchronized (this) {
            if (failure == null) {
                try {
                    out.close();
                    complete = true;
                } catch (IOException e) {
                    abandon("writing it failed: " + e.getMessage());
                }
            }
        }
    }

    /** The complete copy, or why there is none. */
    Optional<Path> file() {
        return complete && failure == null ? Optional.of(file) : Optional.empty();
    }

    /** Why the export was not spooled; null when it was. */
    String failure() {
        return failure;
    }

    private synchronized void copy(byte[] buffer, int offset, int length) {
        if (failure != null) {
            return;
        }
        if (written + length > reservation.bytes()) {
            abandon("the export is larger than the " + reservation.bytes() / 1_000_000 + " MB reserved for it");
            return;
        }
        try {
            out.write(buffer, offset, length);
            written += length;
        } catch (IOException e) {
            abandon("writing it failed: " + e.getMessage());
        }
    }

    private synchronized void abandon(String why) {
        failure = why;
        complete = false;
        deleteFile();
    }

    /** Deletes the file and returns its space; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (failure == null) {
            failure = "it was deleted";
        }
        deleteFile();
    }

    private void deleteFile() {
        if (file == null) {
            return;
        }
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            // it is deleted next; what it held no longer matters
        }
        out = null;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the temporary directory's own clean-up gets it
        }
        reservation.release();
    }
}
