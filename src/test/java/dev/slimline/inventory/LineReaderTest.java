package dev.slimline.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static List<String> lines(LineReader reader) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line = reader.next(); line != null; line = reader.next()) {
            out.add(line);
        }
        return out;
    }

    private static LineReader reader(String text, long maxBytes, int maxLine) {
        return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxBytes, maxLine);
    }

    @Test
    void readsLinesWithOrWithoutAFinalNewlineAndDropsCarriageReturns() throws IOException {
        LineReader reader = reader("one\r\ntwo\n\nlast", 100, 10);

        assertThat(lines(reader)).containsExactly("one", "two", "", "last");
        assertThat(reader.incompleteness()).isNull();
    }

    @Test
    void aFileThatEndsExactlyAtTheLimitIsWhole() throws IOException {
        LineReader reader = reader("abc\ndef\n", 8, 10);

        assertThat(lines(reader)).containsExactly("abc", "def");
        assertThat(reader.truncated()).isFalse();
    }

    @Test
    void aLargerFileIsCutAndTheCutLineLeftOut() throws IOException {
        LineReader reader = reader("abc\ndefgh\nij\n", 6, 10);

        assertThat(lines(reader)).containsExactly("abc");
        assertThat(reader.truncated()).isTrue();
        assertThat(reader.incompleteness()).isEqualTo("larger than 6 bytes: only the first 6 were read");
    }

    @Test
    void anOverlongLineIsSkippedAndCounted() throws IOException {
        LineReader reader = reader("ok\n" + "x".repeat(50) + "\nfine\n" + "y".repeat(11), 1000, 10);

        assertThat(lines(reader)).containsExactly("ok", "fine");
        assertThat(reader.overlongLines()).isEqualTo(2);
        assertThat(reader.incompleteness()).isEqualTo("2 line(s) longer than 10 bytes (corrupt?) were left out");
    }
}
