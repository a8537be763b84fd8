package dev.slimline.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Learning from the original's two answers, and judging a third against what was learnt. */
class BaselineTest {

    static Answer answer(int status, String type, String body) {
        return answer(status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    static Answer answer(int status, String type, byte[] body) {
        try {
            return new Answer(status, type, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)),
                    body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Answer json(String body) {
        return answer(200, "application/json", body);
    }

    @Nested
    class StableAnswers {

        private final Baseline baseline = Baseline.learn(json("{\"a\":1,\"b\":[1,2]}"), json("{\"a\":1,\"b\":[1,2]}"));

        @Test
        void areJudgedExactly() {
            assertThat(baseline.method()).isEqualTo(Method.EXACT);
            assertThat(baseline.judge(json("{\"a\":1,\"b\":[1,2]}"))).isEqualTo(
                    new Verdict(Method.EXACT, true, null, null, null));
        }

        @Test
        void keysInAnotherOrderAreADifferenceWhenTheOriginalNeverVaried() {
            Verdict verdict = baseline.judge(json("{\"b\":[1,2],\"a\":1}"));

            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.judgedBy()).isEqualTo(Method.EXACT);
            assertThat(verdict.difference()).contains("offset 2");
        }

        @Test
        void aChangedValueNamesItsJsonPointer() {
            Verdict verdict = baseline.judge(json("{\"a\":1,\"b\":[1,3]}"));

            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.pointer()).isEqualTo("/b/1");
            assertThat(verdict.difference()).isEqualTo("JSON differs at /b/1: 3 where the original had 2");
        }

        @Test
        void anotherStatusFailsWhateverTheBody() {
            Verdict verdict = baseline.judge(answer(500, "application/json", "{\"a\":1,\"b\":[1,2]}"));

            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.difference()).isEqualTo("status 500 where the original answered 200");
        }

        @Test
        void plainTextNamesTheFirstDifferingOffset() {
            Baseline text = Baseline.learn(answer(200, "text/plain", "hello world\n"),
                    answer(200, "text/plain", "hello world\n"));

            Verdict verdict = text.judge(answer(200, "text/plain", "hello there\n"));

            assertThat(verdict.offset()).isEqualTo(6L);
            assertThat(verdict.difference()).startsWith("text differs at offset 6: \"there");
        }

        @Test
        void binaryNamesTheFirstDifferingByte() {
            Baseline bytes = Baseline.learn(answer(200, "image/png", new byte[] {1, 2, 3, (byte) 0xff}),
                    answer(200, "image/png", new byte[] {1, 2, 3, (byte) 0xff}));

            Verdict verdict = bytes.judge(answer(200, "image/png", new byte[] {1, 2, 4, (byte) 0xff}));

            assertThat(verdict.offset()).isEqualTo(2L);
            assertThat(verdict.difference()).isEqualTo("the body differs at offset 2: byte 4 where the original had 3");
        }
    }

    @Nested
    class JsonThatVaries {

        private final Baseline time = Baseline.learn(
                json("{\"service\":\"x\",\"now\":\"2026-12-01T07:53:37.1+00:00\",\"epoch\":1796111617.1}"),
                json("{\"service\":\"x\",\"now\":\"2026-12-01T07:53:38.4+00:00\",\"epoch\":1796111618.4}"));

        @Test
        void isJudgedByStructureAndAcceptsNewValuesWhereTheyVaried() {
            assertThat(time.method()).isEqualTo(Method.STRUCTURE);
            assertThat(time.judge(json("{\"epoch\":1796119999.9,\"service\":\"x\",\"now\":\"2026-12-02T00:00:00Z\"}")))
                    .isEqualTo(new Verdict(Method.STRUCTURE, true, null, null, null));
        }

        @Test
        void aStableLeafMustKeepItsValue() {
            Verdict verdict = time.judge(json("{\"service\":\"y\",\"now\":\"t\",\"epoch\":1}"));

            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.pointer()).isEqualTo("/service");
            assertThat(verdict.difference()).isEqualTo("JSON differs at /service: \"y\" where the original had \"x\"");
        }

        @Test
        void aVaryingLeafMustKeepItsType() {
            Verdict verdict = time.judge(json("{\"service\":\"x\",\"now\":\"t\",\"epoch\":\"soon\"}"));

            assertThat(verdict.pointer()).isEqualTo("/epoch");
            assertThat(verdict.difference()).contains("a string where the original had a number");
        }

        @Test
        void aMissingKeyIsNamed() {
            Baseline config = Baseline.learn(json("{\"t\":1,\"features\":{\"search\":true,\"a/b\":1}}"),
                    json("{\"t\":2,\"features\":{\"search\":true,\"a/b\":1}}"));

            Verdict verdict = config.judge(json("{\"t\":3,\"features\":{}}"));

            assertThat(verdict.pointer()).isEqualTo("/features/search");
            assertThat(verdict.difference()).isEqualTo(
                    "JSON differs at /features/search: missing (the original had true)");
            assertThat(config.judge(json("{\"t\":3,\"features\":{\"search\":true}}")).pointer())
                    .as("a / in a key is escaped as RFC 6901 says").isEqualTo("/features/a~1b");
        }

        @Test
        void anAddedKeyIsNamed() {
            Verdict verdict = time.judge(json("{\"service\":\"x\",\"now\":\"t\",\"epoch\":1,\"debug\":true}"));

            assertThat(verdict.pointer()).isEqualTo("/debug");
            assertThat(verdict.difference()).contains("not in the original's answer");
        }

        @Test
        void keysInRandomOrderWithTheSameValuesAreTheSameStructure() {
            Baseline shuffled = Baseline.learn(json("{\"a\":1,\"b\":[1,2],\"c\":null}"),
                    json("{\"c\":null,\"a\":1,\"b\":[1,2]}"));

            assertThat(shuffled.method()).isEqualTo(Method.STRUCTURE);
            assertThat(shuffled.judge(json("{\"b\":[1,2],\"c\":null,\"a\":1}")).passed()).isTrue();
            assertThat(shuffled.judge(json("{\"b\":[2,1],\"c\":null,\"a\":1}")).pointer()).isEqualTo("/b/0");
        }

        @Test
        void whereTheShapeItselfVariedAnythingIsAccepted() {
            Baseline list = Baseline.learn(json("{\"n\":1,\"items\":[1]}"), json("{\"n\":1,\"items\":[1,2]}"));

            assertThat(list.judge(json("{\"n\":1,\"items\":[]}")).passed()).isTrue();
            assertThat(list.judge(json("{\"n\":2,\"items\":[]}")).pointer()).isEqualTo("/n");
        }

        @Test
        void anAnswerThatIsNoLongerJsonFails() {
            Verdict verdict = time.judge(answer(200, "text/html", "<h1>error</h1>"));

            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.difference()).isEqualTo("not JSON (text/html) where the original answered JSON");
        }
    }

    @Nested
    class TextThatVaries {

        @Test
        void aUuidPerRequestIsMasked() {
            Baseline uuid = Baseline.learn(
                    answer(200, "text/plain", "request 8a1f0b9e-3c1d-4f6e-9a2b-0c3d4e5f6a7b served\n"),
                    answer(200, "text/plain", "request 1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9 served\n"));

            assertThat(uuid.method()).isEqualTo(Method.STRUCTURE);
            assertThat(uuid.judge(answer(200, "text/plain", "request 00000000-1111-4222-8333-444444444444 served\n"))
                    .passed()).isTrue();
            Verdict changed = uuid.judge(answer(200, "text/plain", "request 0000-1111 failed\n"));
            assertThat(changed.passed()).isFalse();
            assertThat(changed.offset()).as("after the longest part of \" served\" found, the space").isEqualTo(18L);
            assertThat(changed.difference()).isEqualTo(
                    "text differs at offset 18: \"failed \" where the original had \"served \"");
        }

        @Test
        void aCsrfTokenInHtmlIsMaskedAndTheRestMustStayTheSame() {
            String page = "<form><input type=\"hidden\" name=\"csrf\" value=\"%s\">\n<input name=\"user\"></form>\n";
            Baseline form = Baseline.learn(answer(200, "text/html", page.formatted("3f9a0c")),
                    answer(200, "text/html", page.formatted("77b1e2")));

            assertThat(form.judge(answer(200, "text/html; charset=utf-8", page.formatted("a0a0a0a0"))).passed())
                    .isTrue();
            Verdict verdict = form.judge(answer(200, "text/html",
                    page.formatted("a0a0").replace("name=\"user\"", "name=\"login\"")));
            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.offset()).as("where the second input's name begins")
                    .isEqualTo((long) page.formatted("a0a0").indexOf("user"));
        }

        @Test
        void aTimeStampIsMaskedWholeNotJustTheDigitsThatChangedBetweenTwoRequests() {
            Baseline clock = Baseline.learn(answer(200, "text/plain", "now: 2026-12-01T07:53:37Z ok"),
                    answer(200, "text/plain", "now: 2026-12-01T07:53:38Z ok"));

            assertThat(clock.judge(answer(200, "text/plain", "now: 2026-12-02T11:00:00Z ok")).passed()).isTrue();
        }

        @Test
        void moreTextThanTheOriginalHadIsADifference() {
            Baseline clock = Baseline.learn(answer(200, "text/plain", "t=1 end"), answer(200, "text/plain", "t=2 end"));

            Verdict verdict = clock.judge(answer(200, "text/plain", "t=3 end and more"));

            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.offset()).isEqualTo(7L);
        }
    }

    @Nested
    class OtherAnswers {

        @Test
        void varyingBinaryIsJudgedByStatusAndContentType() {
            Baseline image = Baseline.learn(answer(200, "image/png", new byte[] {1, (byte) 0x89}),
                    answer(200, "image/png", new byte[] {2, (byte) 0x89}));

            assertThat(image.method()).isEqualTo(Method.STRUCTURE);
            assertThat(image.judge(answer(200, "image/png", new byte[] {9})).passed()).isTrue();
            assertThat(image.judge(answer(200, "text/html", "<h1>oops</h1>")).difference())
                    .isEqualTo("content type text/html where the original's was image/png");
        }

        @Test
        void bodiesTooLargeToKeepAreComparedByDigestWhenStable() {
            Answer big = new Answer(200, "text/plain", "ab".repeat(32), null);
            Baseline baseline = Baseline.learn(big, big);

            assertThat(baseline.judge(big).passed()).isTrue();
            assertThat(baseline.judge(new Answer(200, "text/plain", "cd".repeat(32), null)).difference())
                    .startsWith("a different body (sha256 cdcd");
        }

        @Test
        void anOriginalThatAnsweredTwoStatusesAcceptsEither() {
            Baseline flaky = Baseline.learn(answer(200, "text/plain", "ok"), answer(503, "text/plain", "busy"));

            assertThat(flaky.judge(answer(503, "text/plain", "busy")).passed()).isTrue();
            assertThat(flaky.judge(answer(404, "text/plain", "?")).difference())
                    .isEqualTo("status 404 where the original answered 200 or 503");
        }
    }
}
