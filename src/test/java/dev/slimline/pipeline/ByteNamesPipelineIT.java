package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.probe.HttpProbe;
import dev.slimline.testsupport.ByteNamedImage;
import dev.slimline.testsupport.RawTar;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An image whose file names are not UTF-8 (Latin-1, raw bytes 0x80..0xFF, directories whose names
 * hold a newline): each served file must reach the slim image with its exact name and content.
 */
class ByteNamesPipelineIT {

    @RegisterExtension
    final PipelineJob job = new PipelineJob();
    private final DockerApi docker = job.docker();
    private String slimTag;

    @Test
    void filesNamedInBytesThatAreNotUtf8ReachTheSlimImageByteForByte() throws Exception {
        slimTag = job.slimTag("byte-names");
        RecordingListener listener = new RecordingListener();
        List<HttpProbe> pages = ByteNamedImage.files().stream().filter(f -> f.servedAt() != null)
                .map(f -> HttpProbe.get(f.servedAt())).toList();
        SlimSpec.Probes probes = new SlimSpec.Probes(true, pages, null, null, 5, SlimSpec.StopMode.AFTER_PROBES, null);

        SlimResult result = job.runner().slim(job.id(),
                SlimSpec.of(ByteNamedImage.reference()).withTargetTag(slimTag).withProbes(probes), docker, listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        Map<String, RawTar.Entry> slim = export(slimTag);
        for (ByteNamedImage.NamedFile file : ByteNamedImage.files()) {
            String name = ByteNamedImage.latin1(file.name());
            if (file.servedAt() == null) {
                assertThat(slim).as("the file no request reads").doesNotContainKey(name);
                continue;
            }
            assertThat(slim).as("served at %s", file.servedAt()).containsKey(name);
            assertThat(slim.get(name).type()).isEqualTo((byte) '0');
            assertThat(slim.get(name).content()).as("content of the file served at %s", file.servedAt())
                    .isEqualTo(file.content());
        }
        for (ByteNamedImage.Link link : ByteNamedImage.links()) {
            assertThat(slim).containsKey(link.name());
            assertThat(slim.get(link.name()).type()).isEqualTo((byte) '2');
            assertThat(slim.get(link.name()).linkTarget()).as("target of %s", link.name()).isEqualTo(link.target());
        }
    }

    /** The slim image's filesystem, as {@code docker export} of a container that never runs gives it. */
    private Map<String, RawTar.Entry> export(String image) throws Exception {
        String id = docker.container().create(ContainerSpec.of(image)
                .withLabels(Map.of(SlimlineLabels.JOB, job.id(), "slimline.test", "byte-names-pipeline-it")));
        try (InputStream tar = docker.container().export(id)) {
            return RawTar.read(tar, 1 << 20);
        } finally {
            docker.container().remove(id);
        }
    }
}
