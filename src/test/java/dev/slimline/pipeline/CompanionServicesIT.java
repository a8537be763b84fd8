package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.testsupport.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs whose application needs a companion service: Debian's PostgreSQL for an app that exits
 * without its database. Whatever happens, the job's containers and network are gone after it.
 */
class CompanionServicesIT {

    @RegisterExtension
    final PipelineJob job = new PipelineJob();
    private final DockerApi docker = job.docker();
    private String slimTag;

    private static SlimSpec.Service database(SlimSpec.Ready ready) {
        return new SlimSpec.Service("db", TestImages.postgresDb(), Map.of("PGTZ", "UTC"), null, ready);
    }

    @Test
    void anAppThatNeedsPostgresIsObservedAndVerifiedWithFreshCompanions() {
        slimTag = job.slimTag("db-app");
        RecordingListener listener = new RecordingListener();
        SlimSpec spec = SlimSpec.of(TestImages.dbApp()).withTargetTag(slimTag)
                .withServices(List.of(database(new SlimSpec.Ready(5432, null, null))));

        SlimResult result = job.runner().slim(job.id(), spec, docker, listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        assertThat(listener.log()).contains("Service db is ready").contains("db-app: connected to the database")
                .contains("Verified: the slim image answered every probe as the original did");
        assertThat(listener.log().split("Service db is ready", -1)).as("started twice: observed and verified")
                .hasSize(3);
        assertThat(result.probeCounts()).containsEntry("default", new ProbeCount(1, 1, 1));
        assertThat(result.slimSizeBytes()).isLessThan(result.originalSizeBytes());
    }

    @Test
    void withoutItsDatabaseTheAppFailsInProbeWithItsLastOutput() {
        RecordingListener listener = new RecordingListener();

        assertThatThrownBy(() -> job.runner().slim(job.id(), SlimSpec.of(TestImages.dbApp()), docker, listener))
                .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.phase()).isEqualTo(Phase.PROBE))
                .hasMessageContaining("the application exited with code 1")
                .hasMessageContaining("db-app: cannot reach the database at host db");
    }

    @Test
    void aServiceThatNeverBecomesReadyFailsTheJobAndIsRemoved() {
        RecordingListener listener = new RecordingListener();
        SlimSpec spec = SlimSpec.of(TestImages.dbApp())
                .withProbes(new SlimSpec.Probes(true, List.of(), Duration.ofSeconds(3), null, 0, null, null))
                .withServices(List.of(database(new SlimSpec.Ready(null, null, "a line PostgreSQL never prints"))));

        assertThatThrownBy(() -> job.runner().slim(job.id(), spec, docker, listener))
                .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.phase()).isEqualTo(Phase.PROBE))
                .hasMessageContaining("service db did not become ready: it did not print \"a line PostgreSQL never"
                        + " prints\" within 3 s");
    }

    @Test
    void aServiceImageThatIsMissingIsNotPulledWhenThePolicyIsNever() {
        RecordingListener listener = new RecordingListener();
        String missing = "slimline-test/no-such-service:" + job.id().substring(3);
        SlimSpec spec = SlimSpec.of(TestImages.dbApp()).withPull(SlimSpec.PullPolicy.NEVER)
                .withServices(List.of(new SlimSpec.Service("db", missing, null, null, null)));

        assertThatThrownBy(() -> job.runner().slim(job.id(), spec, docker, listener))
                .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.phase()).isEqualTo(Phase.PROBE))
                .hasMessage("the image " + missing + " of service db is not on the daemon, and the job's pull policy"
                        + " is NEVER");
    }

    @Test
    void aCanceledJobRemovesItsServicesAndNetwork() throws Exception {
        RecordingListener listener = new RecordingListener();
        SlimSpec spec = SlimSpec.of(TestImages.dbApp())
                .withProbes(new SlimSpec.Probes(true, List.of(), null, null, 0, SlimSpec.StopMode.WHEN_TOLD, null))
                .withServices(List.of(database(new SlimSpec.Ready(5432, null, null))));
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread slimming = new Thread(() -> {
            try {
                job.runner().slim(job.id(), spec, docker, listener);
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        slimming.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!listener.log().contains("Observing the application until the job is told to stop")
                && slimming.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(docker.container().listByLabel(SlimlineLabels.JOB, job.id())).as(listener.log())
                .anySatisfy(c -> assertThat(c.labels()).containsEntry(SlimlineLabels.ROLE, "service"));
        assertThat(docker.network().listByLabel(SlimlineLabels.JOB, job.id())).hasSize(1);

        slimming.interrupt();
        slimming.join(Duration.ofMinutes(2).toMillis());

        assertThat(slimming.isAlive()).isFalse();
        assertThat(ended.get()).isInstanceOf(PipelineException.class).hasMessageContaining("canceled");
    }
}
