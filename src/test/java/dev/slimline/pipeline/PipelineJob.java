package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.testsupport.DockerTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every whole-job test of the pipeline needs: the real engine, a runner, a job id of its
 * own, and afterwards none of the images it tagged and no container or network of its job left
 * behind.
 * Registered per test with {@code @RegisterExtension}.
 */
final class PipelineJob implements AfterEachCallback {

    private final DockerApi docker = DockerTestSupport.api();
    private final PipelineRunner runner = new PipelineRunner(new PipelineProperties(10));
    private final String id = "it-" + UUID.randomUUID();
    private final List<String> images = new ArrayList<>();

    DockerApi docker() {
        return docker;
    }

    PipelineRunner runner() {
        return runner;
    }

    String id() {
        return id;
    }

    /** A tag for a slim image of {@code app} made by this job, removed after the test. */
    String slimTag(String app) {
        return removedAfterwards("slimline-it/" + app + ".slim:" + id);
    }

    /** An image the test makes itself, removed after the test; returns it. */
    String removedAfterwards(String image) {
        images.add(image);
        return image;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        images.forEach(image -> docker.image().remove(image, true));
        assertThat(docker.container().listByLabel(SlimlineLabels.JOB, id)).as("containers left behind").isEmpty();
        assertThat(docker.network().listByLabel(SlimlineLabels.JOB, id)).as("networks left behind").isEmpty();
    }
}
