package dev.slimline.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Masking the spans two texts differ in: tokens, alignment, and texts too large to align token by token. */
class MaskedTextTest {

    @Test
    void tokensAreRunsBetweenWhiteSpaceAndMarkupPunctuation() {
        assertThat(MaskedText.tokens("<a href=\"/x-1\">2026-12-01T07:53:37Z ok</a>")).containsExactly(
                "<", "a", " ", "href", "=", "\"", "/x-1", "\"", ">", "2026-12-01T07:53:37Z", " ", "ok", "<", "/a", ">");
    }

    @Test
    void onlyTheTokensThatDifferedAreMasked() {
        MaskedText masked = MaskedText.learn("id=1 name=x time=10 end", "id=1 name=x time=11 end");

        assertThat(masked.segments()).containsExactly("id=1 name=x time=", null, " end");
    }

    @Test
    void anInsertionIsMaskedToo() {
        MaskedText masked = MaskedText.learn("a b c", "a b extra c");

        assertThat(masked.judge("a b anything at all c", Method.STRUCTURE)).isNull();
        assertThat(masked.judge("a b c", Method.STRUCTURE)).isNull();
        assertThat(masked.judge("a x c", Method.STRUCTURE)).as("the literal before the mask must stay").isNotNull();
    }

    @Test
    void textsTooLargeToAlignKeepTheirCommonStartAndEndAndMaskTheMiddle() {
        // 3000 words and their spaces each way: far more aligned cells than MAX_ALIGNED_CELLS
        String[] words = new String[3000];
        Arrays.fill(words, "w");
        String middle = String.join(" ", words);
        MaskedText masked = MaskedText.learn("head a " + middle + " z tail", "head b " + middle + " y tail");

        assertThat(masked.segments()).containsExactly("head ", null, " tail");
        assertThat(masked.judge("head anything tail", Method.STRUCTURE)).isNull();
        assertThat(masked.judge("head anything else", Method.STRUCTURE).offset()).as("where \"else\" begins")
                .isEqualTo(14L);
    }
}
