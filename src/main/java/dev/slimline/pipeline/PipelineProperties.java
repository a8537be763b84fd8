package dev.slimline.pipeline;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the pipeline runs ({@code slimline.pipeline.*}).
 *
 * @param graceSeconds how long the application gets to end after the stop signal, in the
 *     instrumented run, before it is killed and the sensor writes its report
 * @param maxProbeBodySize the most of one answer's body a probe reads; a longer answer fails that probe
 * @param maxRecordedRequests how many exchanges the recording proxies keep per job (the rest are counted)
 * @param recordingAddress the address the recording proxies listen on, and that
 *     {@code observation.endpoints} name
 */
@ConfigurationProperties("slimline.pipeline")
public record PipelineProperties(@DefaultValue("10") int graceSeconds,
        @DefaultValue("16MB") DataSize maxProbeBodySize,
        @DefaultValue("500") int maxRecordedRequests,
        @DefaultValue("127.0.0.1") String recordingAddress) {

    @ConstructorBinding
    public PipelineProperties {
        maxProbeBodySize = maxProbeBodySize == null ? DataSize.ofMegabytes(16) : maxProbeBodySize;
        maxRecordedRequests = maxRecordedRequests <= 0 ? 500 : maxRecordedRequests;
        recordingAddress = recordingAddress == null ? "127.0.0.1" : recordingAddress;
    }

    /** The defaults but for the grace period. */
    public PipelineProperties(int graceSeconds) {
        this(graceSeconds, null, 0, null);
    }
}
