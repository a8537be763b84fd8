package dev.slimline.artifact;

import java.io.InputStream;

/** {@code size} bytes of a fixed pseudo-random pattern, made as they are read: never held in memory. */
final class PatternStream extends InputStream {

    private final long size;
    private long position;
    private long state = 0x9E3779B97F4A7C15L;

    PatternStream(long size) {
        this.size = size;
    }

    @Override
    public int read() {
        if (position == size) {
            return -1;
        }
        position++;
        // xorshift: cheap, and no run of bytes repeats, so no layer can compress the content away
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        return (int) (state & 0xff);
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (position == size) {
            return -1;
        }
        int count = (int) Math.min(length, size - position);
        for (int i = 0; i < count; i++) {
            into[offset + i] = (byte) read();
        }
        return count;
    }
}
