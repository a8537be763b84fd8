package dev.slimline.inventory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Ends after {@code max} bytes, and tells a failure of the stream beneath (the export broke off)
 * from a reader giving up on what it read (a corrupt jar), which must not fail the index.
 */
final class CappedStream extends FilterInputStream {

    private long left;
    private boolean capped;
    private boolean sourceFailed;

    CappedStream(InputStream in, long max) {
        super(in);
        this.left = max;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
            capped = capped || probe();
            return -1;
        }
        try {
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        } catch (IOException e) {
            sourceFailed = true;
            throw e;
        }
    }

    private boolean probe() throws IOException {
        try {
            return in.read() >= 0;
        } catch (IOException e) {
            sourceFailed = true;
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public void close() {
        // the tar reader owns the stream beneath
    }

    boolean capped() {
        return capped;
    }

    boolean sourceFailed() {
        return sourceFailed;
    }
}
