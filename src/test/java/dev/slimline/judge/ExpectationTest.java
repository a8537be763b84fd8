package dev.slimline.judge;

import static dev.slimline.judge.BaselineTest.answer;
import static dev.slimline.judge.BaselineTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The user's own rules decide for their probe. */
class ExpectationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Expectation rule(Integer status, List<String> contains, String matches, Map<String, String> json) {
        return new Expectation(status, contains, matches, json == null ? null : json.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> JSON.readTree(e.getValue()))));
    }

    @Test
    void aRuleThatHoldsPasses() {
        Verdict verdict = rule(200, List.of("\"ok\""), "version\":\\s*\\d+", Map.of("/features/search", "true",
                "/limit", "25.0")).judge(json("{\"status\":\"ok\",\"version\": 3,\"features\":{\"search\":true},"
                        + "\"limit\":25}"));

        assertThat(verdict).isEqualTo(new Verdict(Method.RULE, true, null, null, null));
    }

    @Test
    void theStatusRuleSaysWhatCameInstead() {
        Verdict verdict = rule(201, null, null, null).judge(json("{}"));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.difference()).isEqualTo("expect.status 201 does not hold: the status was 200");
    }

    @Test
    void bodyContainsNamesTheMissingText() {
        Verdict verdict = rule(null, List.of("hello", "goodbye"), null, null).judge(answer(200, "text/plain",
                "hello world"));

        assertThat(verdict.difference()).isEqualTo(
                "expect.bodyContains \"goodbye\" does not hold: the body does not contain it");
    }

    @Test
    void bodyMatchesLooksForAMatchAnywhere() {
        assertThat(rule(null, null, "v\\d+\\.\\d+", null).judge(answer(200, "text/plain", "app v1.2 ready")).passed())
                .isTrue();
        assertThat(rule(null, null, "^v\\d", null).judge(answer(200, "text/plain", "app v1.2")).difference())
                .isEqualTo("expect.bodyMatches \"^v\\d\" does not hold: nothing in the body matches it");
    }

    @Test
    void aJsonRuleNamesItsPointerAndTheValueFound() {
        Verdict verdict = rule(null, null, null, Map.of("/features/search", "true"))
                .judge(json("{\"features\":{\"search\":false}}"));

        assertThat(verdict.pointer()).isEqualTo("/features/search");
        assertThat(verdict.difference()).isEqualTo(
                "expect.json /features/search = true does not hold: the answer has false");
        assertThat(rule(null, null, null, Map.of("/gone", "1")).judge(json("{}")).difference())
                .isEqualTo("expect.json /gone = 1 does not hold: the answer has nothing there");
    }

    @Test
    void aPathologicalExpressionEndsAsABrokenRuleInsteadOfRunningForever() {
        Verdict verdict = rule(null, null, "(.*a){41}", null).judge(answer(200, "text/plain", "a".repeat(40) + "b"));

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.difference()).contains("could not be decided within 2 s");
    }

    @Test
    void expressionsAndPointersAreCheckedBeforeAJobRuns() {
        assertThat(Expectation.regexProblem("(unclosed")).contains("Unclosed group");
        assertThat(Expectation.regexProblem("ok.*")).isNull();
        assertThat(Expectation.pointerProblem("no-slash")).isNotNull();
        assertThat(Expectation.pointerProblem("/a/0/b~1c")).isNull();
    }
}
