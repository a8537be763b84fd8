package dev.slimline.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.StreamType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CappedOutputTest {

    @Test
    void aCharacterSplitBetweenTwoFramesStaysWhole() {
        CappedOutput output = new CappedOutput(1024);
        byte[] greeting = "grüß dich\n".getBytes(StandardCharsets.UTF_8);
        int inU = 3; // "gr" and the first byte of ü

        output.add(StreamType.STDOUT, Arrays.copyOfRange(greeting, 0, inU));
        output.add(StreamType.STDOUT, Arrays.copyOfRange(greeting, inU, greeting.length));

        assertThat(output.all()).isEqualTo("grüß dich\n");
        assertThat(output.stdout()).isEqualTo("grüß dich\n");
    }

    @Test
    void stdoutStaysWholeWhenStderrCameBetweenItsFrames() {
        CappedOutput output = new CappedOutput(1024);
        byte[] greeting = "grüß dich\n".getBytes(StandardCharsets.UTF_8);

        output.add(StreamType.STDOUT, Arrays.copyOfRange(greeting, 0, 3));
        output.add(StreamType.STDERR, "oops\n".getBytes(StandardCharsets.UTF_8));
        output.add(StreamType.STDOUT, Arrays.copyOfRange(greeting, 3, greeting.length));

        assertThat(output.stdout()).isEqualTo("grüß dich\n");
        assertThat(output.all()).startsWith("gr").contains("oops\n").endsWith("ß dich\n");
    }

    @Test
    void keepsTheFirstMaxBytesOfEach() {
        CappedOutput output = new CappedOutput(5);

        output.add(StreamType.STDERR, "123".getBytes(StandardCharsets.UTF_8));
        output.add(StreamType.STDOUT, "abcdefgh".getBytes(StandardCharsets.UTF_8));

        assertThat(output.all()).isEqualTo("123ab");
        assertThat(output.stdout()).isEqualTo("abcde");
    }
}
