package dev.slimline.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the pipeline runs ({@code slimline.pipeline.*}).
 *
 * @param graceSeconds how long the application gets to end after the stop signal, in the
 *     instrumented run, before it is killed and the sensor writes its report
 * @param spoolDir where a job keeps its copy of the original image's export between indexing and
 *     building; null means the JVM's temporary directory
 * @param spoolMaxWait how long, in all, the indexing may wait for the spool's disk to catch up with
 *     the daemon's export before the copy is given up (and the build exports a second time)
 * @param spoolKeep how long a spool file is kept unused for the next job to overwrite, instead of a
 *     new file in fresh memory; zero closes each at its job's end
 * @param maxProbeBodySize the most of one answer's body a probe reads; a longer answer fails that probe
 * @param maxRecordedRequests how many exchanges the recording proxies keep per job (the rest are counted)
 * @param recordingAddress the address the recording proxies listen on, and that
 *     {@code observation.endpoints} name
 */
@ConfigurationProperties("slimline.pipeline")
public record PipelineProperties(int graceSeconds, Path spoolDir, Duration spoolMaxWait, Duration spoolKeep,
        DataSize maxProbeBodySize, int maxRecordedRequests, String recordingAddress) {

    @ConstructorBinding
    public PipelineProperties(@DefaultValue("10") int graceSeconds, Path spoolDir,
            @DefaultValue("30s") Duration spoolMaxWait, @DefaultValue("10m") Duration spoolKeep,
            @DefaultValue("16MB") DataSize maxProbeBodySize,
            @DefaultValue("500") int maxRecordedRequests, @DefaultValue("127.0.0.1") String recordingAddress) {
        this.graceSeconds = graceSeconds;
        this.spoolDir = spoolDir != null ? spoolDir : Path.of(System.getProperty("java.io.tmpdir"));
        this.spoolMaxWait = spoolMaxWait != null ? spoolMaxWait : Duration.ofSeconds(30);
        this.spoolKeep = spoolKeep != null && !spoolKeep.isNegative() ? spoolKeep : Duration.ofMinutes(10);
        this.maxProbeBodySize = maxProbeBodySize != null ? maxProbeBodySize : DataSize.ofMegabytes(16);
        this.maxRecordedRequests = maxRecordedRequests > 0 ? maxRecordedRequests : 500;
        this.recordingAddress = recordingAddress != null ? recordingAddress : "127.0.0.1";
    }

    /** The defaults but for the grace period. */
    public PipelineProperties(int graceSeconds) {
        this(graceSeconds, null, null, null, null, 0, null);
    }

    /** The defaults but for the grace period and the spool directory. */
    public PipelineProperties(int graceSeconds, Path spoolDir) {
        this(graceSeconds, spoolDir, null, null, null, 0, null);
    }
}
