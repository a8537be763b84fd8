package dev.slimline.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteNamesTest {

    @Test
    void decodesEveryAsciiByteAsItselfAndEveryHighByteAloneAsItsEscape() {
        for (int b = 0x01; b <= 0xff; b++) {
            String name = ByteNames.decode(new byte[] {(byte) b});
            String expected = b < 0x80 ? String.valueOf((char) b) : String.valueOf((char) (0xdc00 + b));
            assertThat(name).as("byte 0x%02x", b).isEqualTo(expected);
            assertThat(ByteNames.encode(name)).as("byte 0x%02x", b).containsExactly(b);
        }
    }

    @Test
    void latin1NamesKeepTheirBytes() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9, '.', 'h', 't', 'm', 'l'};
        assertThat(ByteNames.decode(latin1)).isEqualTo("caf\udce9.html");
        assertThat(ByteNames.encode("caf\udce9.html")).isEqualTo(latin1);
        assertThat(ByteNames.hasEscapedBytes("caf\udce9.html")).isTrue();
    }

    @Test
    void validUtf8DecodesAsText() {
        String text = "caf\u00e9 \u20ac \ud83d\ude00 \u0800 \uffff \udbff\udfff";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertThat(ByteNames.decode(utf8)).isEqualTo(text);
        assertThat(ByteNames.encode(text)).isEqualTo(utf8);
        assertThat(ByteNames.hasEscapedBytes(text)).isFalse();
    }

    @Test
    void mixesTextAndEscapedBytes() {
        byte[] bytes = {(byte) 0xc3, (byte) 0xa9, (byte) 0xff, (byte) 0xfe, (byte) 0xe2, (byte) 0x82, (byte) 0xac, '\n',
            (byte) 0x80};
        assertThat(ByteNames.decode(bytes)).isEqualTo("\u00e9\udcff\udcfe\u20ac\n\udc80");
        assertThat(ByteNames.encode("\u00e9\udcff\udcfe\u20ac\n\udc80")).isEqualTo(bytes);
    }

    @Test
    void overlongFormsAreEscapedByteByByte() {
        assertThat(ByteNames.decode(bytes(0xc0, 0xaf))).isEqualTo("\udcc0\udcaf");
        assertThat(ByteNames.decode(bytes(0xc1, 0xbf))).isEqualTo("\udcc1\udcbf");
        assertThat(ByteNames.decode(bytes(0xe0, 0x80, 0xaf))).isEqualTo("\udce0\udc80\udcaf");
        assertThat(ByteNames.decode(bytes(0xe0, 0x9f, 0xbf))).isEqualTo("\udce0\udc9f\udcbf");
        assertThat(ByteNames.decode(bytes(0xf0, 0x80, 0x80, 0xaf))).isEqualTo("\udcf0\udc80\udc80\udcaf");
        assertThat(ByteNames.decode(bytes(0xf0, 0x8f, 0xbf, 0xbf))).isEqualTo("\udcf0\udc8f\udcbf\udcbf");
    }

    @Test
    void encodedSurrogatesAndCodePointsBeyondUnicodeAreEscaped() {
        assertThat(ByteNames.decode(bytes(0xed, 0xa0, 0x80))).isEqualTo("\udced\udca0\udc80");
        // the UTF-8 form of U+DCE9 itself is no text either: three bytes, not one escape
        assertThat(ByteNames.decode(bytes(0xed, 0xb3, 0xa9))).isEqualTo("\udced\udcb3\udca9");
        assertThat(ByteNames.decode(bytes(0xf4, 0x90, 0x80, 0x80))).isEqualTo("\udcf4\udc90\udc80\udc80");
        assertThat(ByteNames.decode(bytes(0xf5, 0x80, 0x80, 0x80))).isEqualTo("\udcf5\udc80\udc80\udc80");
        assertThat(ByteNames.decode(bytes(0xed, 0x9f, 0xbf))).isEqualTo("\ud7ff");
    }

    @Test
    void truncatedSequencesAreEscapedAndDecodingGoesOn() {
        assertThat(ByteNames.decode(bytes(0xe2, 0x82, 'a'))).isEqualTo("\udce2\udc82a");
        assertThat(ByteNames.decode(bytes('a', 0xe2, 0x82))).isEqualTo("a\udce2\udc82");
        assertThat(ByteNames.decode(bytes(0xf0, 0x9f, 0x98))).isEqualTo("\udcf0\udc9f\udc98");
        assertThat(ByteNames.decode(bytes(0xc3))).isEqualTo("\udcc3");
        // a broken sequence followed by a valid one: the valid one still decodes
        assertThat(ByteNames.decode(bytes(0xe2, 0xc3, 0xa9))).isEqualTo("\udce2\u00e9");
    }

    @Test
    void aSupplementaryCharWhoseLowHalfLooksLikeAnEscapeStaysOneChar() {
        // U+10080 is the pair D800 DC80: its low half is in the escape range, yet it is text
        byte[] utf8 = bytes(0xf0, 0x90, 0x82, 0x80);
        assertThat(ByteNames.decode(utf8)).isEqualTo("\ud800\udc80");
        assertThat(ByteNames.encode("\ud800\udc80")).isEqualTo(utf8);
        assertThat(ByteNames.hasEscapedBytes("\ud800\udc80")).isFalse();
    }

    @Test
    void roundTripsEveryPairOfBytes() {
        for (int a = 0x01; a <= 0xff; a++) {
            for (int b = 0x01; b <= 0xff; b++) {
                byte[] pair = bytes(a, b);
                assertThat(ByteNames.encode(ByteNames.decode(pair))).as("0x%02x 0x%02x", a, b).isEqualTo(pair);
            }
        }
    }

    @Test
    void roundTripsRandomByteStrings() {
        Random random = new Random(15);
        for (int n = 0; n < 20_000; n++) {
            byte[] name = new byte[1 + random.nextInt(12)];
            for (int i = 0; i < name.length; i++) {
                // mostly high bytes, so lead and continuation bytes meet often
                name[i] = (byte) (random.nextInt(4) == 0 ? 1 + random.nextInt(0x7f) : 0x80 + random.nextInt(0x80));
            }
            String decoded = ByteNames.decode(name);
            assertThat(ByteNames.problem(decoded)).isEmpty();
            assertThat(ByteNames.encode(decoded)).isEqualTo(name);
        }
    }

    @Test
    void decodesASliceOfABuffer() {
        assertThat(ByteNames.decode(bytes('x', 0xe9, 'y', 'z'), 1, 2)).isEqualTo("\udce9y");
    }

    @Test
    void refusesSurrogatesThatStandForNoByte() {
        assertThat(ByteNames.problem("/a\ud800b")).hasValueSatisfying(p -> assertThat(p).contains("U+D800"));
        assertThat(ByteNames.problem("/a\udc41")).hasValueSatisfying(p -> assertThat(p).contains("U+DC41"));
        assertThat(ByteNames.problem("/a\udcff\ud83d\ude00")).isEmpty();
        assertThatThrownBy(() -> ByteNames.encode("x\udc7f")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+DC7F");
        assertThatThrownBy(() -> ByteNames.encode("\ud83d")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
