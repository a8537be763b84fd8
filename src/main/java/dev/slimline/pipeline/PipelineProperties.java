package dev.slimline.pipeline;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the pipeline runs ({@code slimline.pipeline.*}).
 *
 * @param graceSeconds how long the application gets to end after the stop signal, in the
 *     instrumented run, before it is killed and the sensor writes its report
 */
@ConfigurationProperties("slimline.pipeline")
public record PipelineProperties(@DefaultValue("10") int graceSeconds) {
}
