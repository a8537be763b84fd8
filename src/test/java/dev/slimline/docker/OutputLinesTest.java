package dev.slimline.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.StreamType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLinesTest {

    private final List<String> lines = new ArrayList<>();
    private final OutputLines output = new OutputLines(lines::add);

    @Test
    void aCharacterSplitBetweenTwoFramesStaysWhole() {
        byte[] bytes = "café ready\nnext".getBytes(StandardCharsets.UTF_8);
        int inE = "caf".length() + 1; // between the two bytes of é

        output.add(StreamType.STDOUT, Arrays.copyOfRange(bytes, 0, inE));
        output.add(StreamType.STDOUT, Arrays.copyOfRange(bytes, inE, bytes.length));
        output.finish();

        assertThat(lines).containsExactly("café ready", "next");
    }

    @Test
    void aLineWrittenInPiecesToStdoutIsNotMixedWithStderr() {
        output.add(StreamType.STDOUT, bytes("listening "));
        output.add(StreamType.STDERR, bytes("warning: deprecated\n"));
        output.add(StreamType.STDOUT, bytes("on 8000\nready\n"));

        assertThat(lines).containsExactly("warning: deprecated", "listening on 8000", "ready");
    }

    @Test
    void severalLinesInOneFrameAndAnEmptyOneAreEachHandedOn() {
        output.add(StreamType.STDOUT, bytes("a\n\nb\nc"));
        output.finish();
        output.finish();

        assertThat(lines).containsExactly("a", "", "b", "c");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
