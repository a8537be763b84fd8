package dev.slimline.pipeline;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the pipeline runs ({@code slimline.pipeline.*}).
 *
 * @param graceSeconds how long the application gets to end after the stop signal, in the
 *     instrumented run, before it is killed and the sensor writes its report
 * @param spoolDir where a job keeps its copy of the original image's export between indexing and
 *     building; null means the JVM's temporary directory
 */
@ConfigurationProperties("slimline.pipeline")
public record PipelineProperties(int graceSeconds, Path spoolDir) {

    @ConstructorBinding
    public PipelineProperties(@DefaultValue("10") int graceSeconds, Path spoolDir) {
        this.graceSeconds = graceSeconds;
        this.spoolDir = spoolDir != null ? spoolDir : Path.of(System.getProperty("java.io.tmpdir"));
    }

    public PipelineProperties(int graceSeconds) {
        this(graceSeconds, null);
    }
}
