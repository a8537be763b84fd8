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
 */
@ConfigurationProperties("slimline.pipeline")
public record PipelineProperties(@DefaultValue("10") int graceSeconds,
        @DefaultValue("16MB") DataSize maxProbeBodySize) {

    @ConstructorBinding
    public PipelineProperties {
        maxProbeBodySize = maxProbeBodySize == null ? DataSize.ofMegabytes(16) : maxProbeBodySize;
    }

    /** The defaults but for the grace period. */
    public PipelineProperties(int graceSeconds) {
        this(graceSeconds, null);
    }
}
