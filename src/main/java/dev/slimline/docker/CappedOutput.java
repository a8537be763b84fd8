package dev.slimline.docker;

import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The first {@code maxBytes} of a command's output, all streams together and stdout alone, kept
 * as bytes and decoded only when asked: frames cut wherever the daemon's buffers end, so decoding
 * each on its own split characters (see {@link OutputLines}).
 */
final class CappedOutput {

    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final int maxBytes;

    CappedOutput(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized void add(StreamType stream, byte[] payload) {
        append(all, payload);
        if (stream == StreamType.STDOUT || stream == StreamType.RAW) {
            append(stdout, payload);
        }
    }

    synchronized String all() {
        return all.toString(StandardCharsets.UTF_8);
    }

    synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private void append(ByteArrayOutputStream to, byte[] payload) {
        to.write(payload, 0, Math.max(0, Math.min(payload.length, maxBytes - to.size())));
    }
}
