package dev.slimline.docker;

import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A container's output, as the daemon frames it, handed on line by line. The daemon cuts frames
 * wherever the application's writes or its own buffers end, so decoding each frame on its own
 * turned a character split between two frames into two replacement characters, and a line written
 * to stdout in pieces got mixed with one written to stderr meanwhile. Here bytes are kept per
 * stream and decoded a whole line at a time; UTF-8 never has a newline byte inside a character,
 * so cutting at newlines is safe.
 */
final class OutputLines {

    private final Map<StreamType, ByteArrayOutputStream> pending = new EnumMap<>(StreamType.class);
    private final Consumer<String> lines;

    OutputLines(Consumer<String> lines) {
        this.lines = lines;
    }

    void add(StreamType stream, byte[] payload) {
        ByteArrayOutputStream line = pending.computeIfAbsent(stream, s -> new ByteArrayOutputStream());
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == '\n') {
                line.write(payload, start, i - start);
                lines.accept(line.toString(StandardCharsets.UTF_8));
                line.reset();
                start = i + 1;
            }
        }
        line.write(payload, start, payload.length - start);
    }

    /** Hands on what each stream left without a final newline. */
    void finish() {
        pending.values().stream().filter(line -> line.size() > 0)
                .forEach(line -> lines.accept(line.toString(StandardCharsets.UTF_8)));
        pending.clear();
    }
}
