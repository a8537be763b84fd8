package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PublishPhaseTest {

    @Test
    void aPathWithBytesThatAreNotUtf8IsWrittenEscapedAndReadsBackTheSame() throws CharacterCodingException {
        String latin1 = "/srv/caf\udce9/\udcff\udcfe";
        SlimReport report = new SlimReport(1, "job", null, null, 0, new SlimReport.FileFacts(3, 2, 10, 1, 5, Map.of(),
                List.of(new SlimReport.SizedPath(latin1, 10)), 2), null, null, null, null, Map.of(), List.of(), null);

        byte[] json = PublishPhase.reportJson(report);

        String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(json)).toString();
        assertThat(text).contains("\"path\" : \"/srv/caf\\uDCE9/\\uDCFF\\uDCFE\"");
        assertThat(JsonMapper.builder().build().readTree(json).at("/files/largestKept/0/path").asString())
                .isEqualTo(latin1);
    }
}
