package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.slimline.docker.ContainerState;
import dev.slimline.docker.DockerOperationException;
import dev.slimline.docker.NetworkSummary;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.pipeline.PipelineProperties;
import dev.slimline.pipeline.SpoolSweep;
import dev.slimline.testsupport.MigratedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * What the reaper settles, removes and keeps, against the embedded database with the real
 * migrations, the real job queue and log, the real spool sweep over a temporary directory, and
 * two Docker daemons ({@code a} and {@code b}) held in memory by {@link FakeDaemons}.
 */
class ClaimReaperTest {

    private static final String ME = "me";
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_ATTEMPTS = 2;

    @TempDir
    Path spoolDir;

    private JdbcTemplate jdbc;
    private FakeDaemons daemons;
    private ClaimReaper reaper;

    @BeforeEach
    void reaper() {
        DataSource data = MigratedDatabase.create();
        jdbc = new JdbcTemplate(data);
        daemons = new FakeDaemons();
        ExecutorProperties properties = new ExecutorProperties(2, ME, Duration.ofSeconds(1), Duration.ofSeconds(5),
                CLAIM_TIMEOUT, Duration.ofSeconds(30), MAX_ATTEMPTS, Duration.ofMillis(250), 10_000);
        reaper = new ClaimReaper(new JobQueue(jdbc, new DataSourceTransactionManager(data)), new JobLogStore(jdbc),
                daemons, properties, new SpoolSweep(new PipelineProperties(10, spoolDir)));
    }

    // --- removeOrphanedContainersAndNetworks ---

    @Test
    void whatJobsThatAreNotRunningLeftIsRemovedInOneSweepContainersBeforeNetworks() {
        for (String status : List.of("SUCCEEDED", "FAILED", "CANCELED", "QUEUED")) {
            job(status.toLowerCase(), status, null);
            daemons.network("a", status.toLowerCase());
            daemons.container("a", status.toLowerCase());
        }

        reaper.removeOrphanedContainersAndNetworks();

        assertThat(daemons.containers).as("containers left").isEmpty();
        assertThat(daemons.networks).as("networks left: the daemon refuses a network with containers attached")
                .isEmpty();
        assertThat(daemons.removed).containsExactly("container succeeded on a", "container failed on a",
                "container canceled on a", "container queued on a", "network succeeded on a", "network failed on a",
                "network canceled on a", "network queued on a");
    }

    @Test
    void aRunningJobKeepsWhatIsOnItsDaemonAndLosesWhatAnEarlierRunLeftOnAnother() {
        job("moved", "RUNNING", "b");
        daemons.container("a", "moved");
        daemons.network("a", "moved");
        daemons.container("b", "moved");
        daemons.network("b", "moved");

        reaper.removeOrphanedContainersAndNetworks();

        assertThat(daemons.removed).containsExactly("container moved on a", "network moved on a");
        assertThat(daemons.containers).extracting(JobDaemons.Labelled::host).containsExactly("b");
        assertThat(daemons.networks).extracting(JobDaemons.LabelledNetwork::host).containsExactly("b");
    }

    @Test
    void anotherDatabasesJobsAreLeftAlone() {
        job("ours", "FAILED", null);
        daemons.container("a", "theirs");
        daemons.network("a", "theirs");
        daemons.container("b", "theirs-too");
        daemons.container("b", "ours");

        reaper.removeOrphanedContainersAndNetworks();

        assertThat(daemons.removed).containsExactly("container ours on b");
        assertThat(daemons.containers).extracting(c -> c.state().id()).containsExactly("theirs", "theirs-too");
        assertThat(daemons.networks).extracting(n -> n.network().id()).containsExactly("theirs");
    }

    @Test
    void aNetworkThatCannotBeRemovedYetIsTriedAgainAtTheNextSweep() {
        job("stuck", "FAILED", null);
        job("free", "FAILED", null);
        daemons.network("a", "stuck");
        daemons.network("a", "free");
        daemons.foreignEndpoints.add("stuck");

        assertThatCode(reaper::removeOrphanedContainersAndNetworks).doesNotThrowAnyException();

        assertThat(daemons.networks).extracting(n -> n.network().id()).as("kept while a container is attached")
                .containsExactly("stuck");
        assertThat(daemons.removed).as("the failure does not stop the sweep").containsExactly("network free on a");

        daemons.foreignEndpoints.clear();
        reaper.removeOrphanedContainersAndNetworks();

        assertThat(daemons.networks).isEmpty();
        assertThat(daemons.removed).containsExactly("network free on a", "network stuck on a");
    }

    @Test
    void aContainerThatCannotBeRemovedYetDoesNotStopTheSweepAndIsTriedAgain() {
        job("stuck", "FAILED", null);
        job("free", "FAILED", null);
        daemons.container("a", "stuck");
        daemons.network("a", "stuck");
        daemons.container("a", "free");
        daemons.network("a", "free");
        daemons.stuckContainers.add("stuck");

        assertThatCode(reaper::removeOrphanedContainersAndNetworks).doesNotThrowAnyException();

        assertThat(daemons.removed).as("the others go all the same")
                .containsExactly("container free on a", "network free on a");
        assertThat(daemons.networks).extracting(n -> n.network().id()).as("its container is still attached")
                .containsExactly("stuck");

        daemons.stuckContainers.clear();
        reaper.removeOrphanedContainersAndNetworks();

        assertThat(daemons.containers).isEmpty();
        assertThat(daemons.networks).isEmpty();
    }

    // --- removeOrphanedSpools ---

    @Test
    void spoolsOfKnownJobsThatAreNotRunningAreDeletedOthersKept() throws IOException {
        job("failed", "FAILED", null);
        job("requeued", "QUEUED", null);
        job("running", "RUNNING", "a");
        Path failed = spool("failed");
        Path requeued = spool("requeued");
        Path running = spool("running");
        Path unknown = spool("another-database");

        reaper.removeOrphanedSpools(Set.of());

        assertThat(failed).doesNotExist();
        assertThat(requeued).doesNotExist();
        assertThat(running).as("a running job's").exists();
        assertThat(unknown).as("another database's job's").exists();
    }

    @Test
    void aJobRunningHereKeepsItsSpoolWhateverTheDatabaseSaysByNow() throws IOException {
        job("ended-meanwhile", "CANCELED", null);
        job("ended", "CANCELED", null);
        Path here = spool("ended-meanwhile");
        Path gone = spool("ended");

        reaper.removeOrphanedSpools(Set.of("ended-meanwhile"));

        assertThat(here).exists();
        assertThat(gone).doesNotExist();
    }

    // --- settleStaleClaims ---

    @Test
    void aDeadInstancesJobIsQueuedAgainOnceItsContainersAreGoneAndALiveOnesIsNotTouched() {
        claimed("dead", "other", "b", Instant.now().minus(Duration.ofMinutes(10)), 1, false);
        claimed("alive", "other", "a", Instant.now(), 1, false);

        reaper.settleStaleClaims(false, Set.of());

        assertThat(daemons.leftoversRemoved).containsExactly("dead on b");
        assertThat(column("dead", "status")).isEqualTo("QUEUED");
        assertThat(column("dead", "claimed_by")).isNull();
        assertThat(column("dead", "docker_host")).isNull();
        assertThat(slot("dead")).as("slot given back").isFalse();
        assertThat(lastLogLine("dead")).startsWith("interrupted: the job was running on instance other, which stopped")
                .contains("during PROBE").endsWith("; removed 1 container(s); queued again (attempt 2 of 2)");

        assertThat(column("alive", "status")).isEqualTo("RUNNING");
        assertThat(column("alive", "claimed_by")).isEqualTo("other");
        assertThat(slot("alive")).isTrue();
    }

    @Test
    void aDeadInstancesJobThatHadAllItsAttemptsFailsAsInterrupted() {
        claimed("last", "other", "a", Instant.now().minus(Duration.ofMinutes(10)), MAX_ATTEMPTS, false);

        reaper.settleStaleClaims(false, Set.of());

        assertThat(column("last", "status")).isEqualTo("FAILED");
        assertThat(column("last", "error_phase")).isEqualTo("PROBE");
        assertThat(column("last", "error_reason")).startsWith("interrupted: the job was running on instance other")
                .endsWith("; not retried after 2 attempt(s)");
        assertThat(lastLogLine("last")).isEqualTo(column("last", "error_reason"));
        assertThat(daemons.leftoversRemoved).containsExactly("last on a");
        assertThat(slot("last")).as("slot given back").isFalse();
    }

    @Test
    void aDeadInstancesJobThatWasAskedToCancelEndsCanceledNotQueuedAgain() {
        claimed("cancel", "other", "a", Instant.now().minus(Duration.ofMinutes(10)), 1, true);

        reaper.settleStaleClaims(false, Set.of());

        assertThat(column("cancel", "status")).isEqualTo("CANCELED");
        assertThat(column("cancel", "error_reason")).startsWith("canceled by request; interrupted: ");
        assertThat(lastLogLine("cancel")).endsWith("; it had been asked to cancel");
        assertThat(daemons.leftoversRemoved).containsExactly("cancel on a");
        assertThat(slot("cancel")).isFalse();
    }

    @Test
    void atStartUpThisInstancesOwnClaimsAreStaleExceptJobsItIsRunning() {
        claimed("mine", ME, "a", Instant.now(), 1, false);
        claimed("running-here", ME, "a", Instant.now().minus(Duration.ofMinutes(10)), 1, false);

        reaper.settleStaleClaims(false, Set.of("running-here"));

        assertThat(column("mine", "status")).as("a fresh claim of this instance while it runs").isEqualTo("RUNNING");
        assertThat(column("running-here", "status")).isEqualTo("RUNNING");

        reaper.settleStaleClaims(true, Set.of("running-here"));

        assertThat(column("mine", "status")).isEqualTo("QUEUED");
        assertThat(lastLogLine("mine")).startsWith("interrupted: the job was running on this instance (me) before it"
                + " restarted, which stopped");
        assertThat(column("running-here", "status")).isEqualTo("RUNNING");
        assertThat(daemons.leftoversRemoved).containsExactly("mine on a");
    }

    @Test
    void aJobWhoseDaemonDoesNotAnswerIsSettledAtALaterSweep() {
        claimed("retry", "other", "a", Instant.now().minus(Duration.ofMinutes(10)), 1, false);
        daemons.down.add("a");

        assertThatCode(() -> reaper.settleStaleClaims(false, Set.of())).doesNotThrowAnyException();

        assertThat(column("retry", "status")).as("not queued while its containers may remain").isEqualTo("RUNNING");

        daemons.down.clear();
        reaper.settleStaleClaims(false, Set.of());

        assertThat(column("retry", "status")).isEqualTo("QUEUED");
    }

    @Test
    void slotsOfJobsThatEndedLongerThanTheClaimTimeoutAgoAreFreed() {
        job("ended-long-ago", "FAILED", "a");
        job("just-ended", "FAILED", "a");
        Instant longAgo = Instant.now().minus(CLAIM_TIMEOUT.multipliedBy(2));
        jdbc.update("UPDATE jobs SET updated_at = ? WHERE id = 'ended-long-ago'", JobQueue.ts(longAgo));
        takeSlot("ended-long-ago", "a", "other");
        takeSlot("just-ended", "a", "other");

        reaper.settleStaleClaims(false, Set.of());

        assertThat(slot("ended-long-ago")).isFalse();
        assertThat(slot("just-ended")).as("its instance may still be cleaning up").isTrue();
    }

    // --- helpers ---

    private void job(String id, String status, String dockerHost) {
        jdbc.update("INSERT INTO jobs (id, status, image, spec, docker_host, created_at, updated_at) VALUES (?, ?,"
                + " 'tiny', '{}', ?, ?, ?)", id, status, dockerHost, JobQueue.ts(Instant.now()),
                JobQueue.ts(Instant.now()));
    }

    /** A job running on {@code host} for {@code instance}, with its slot and one log line, as a claim leaves it. */
    private void claimed(String id, String instance, String host, Instant heartbeat, int attempts, boolean cancel) {
        job(id, "RUNNING", host);
        jdbc.update("UPDATE jobs SET claimed_by = ?, heartbeat_at = ?, attempts = ?, cancel_requested = ?,"
                + " phase = 'PROBE' WHERE id = ?", instance, JobQueue.ts(heartbeat), attempts, cancel, id);
        takeSlot(id, host, instance);
        jdbc.update("INSERT INTO job_log (job_id, seq, logged_at, line) VALUES (?, 1, ?, 'started')", id,
                JobQueue.ts(heartbeat));
        daemons.container(host, id);
    }

    private void takeSlot(String id, String host, String instance) {
        jdbc.update("INSERT INTO daemon_slots (job_id, docker_host, claimed_by, acquired_at) VALUES (?, ?, ?, ?)", id,
                host, instance, JobQueue.ts(Instant.now()));
    }

    private String column(String id, String column) {
        return jdbc.queryForObject("SELECT " + column + " FROM jobs WHERE id = ?", String.class, id);
    }

    private boolean slot(String id) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM daemon_slots WHERE job_id = ?", Integer.class, id) == 1;
    }

    private String lastLogLine(String id) {
        return jdbc.queryForObject("SELECT line FROM job_log WHERE job_id = ? ORDER BY seq DESC LIMIT 1", String.class,
                id);
    }

    private Path spool(String job) throws IOException {
        return Files.createTempFile(spoolDir, "slimline-export-" + job + "-", ".tar");
    }

    /**
     * Two daemons' labelled containers and networks as lists, which answer like Docker where the
     * reaper relies on it: a network with a container attached cannot be removed (a job's
     * containers are on its network, as are those of {@link #foreignEndpoints}), and a daemon that
     * is {@link #down} fails every request. Containers and networks are named by their job.
     */
    private static final class FakeDaemons extends JobDaemons {

        final List<Labelled> containers = new ArrayList<>();
        final List<LabelledNetwork> networks = new ArrayList<>();
        /** Jobs whose network has a container attached that no job label names. */
        final Set<String> foreignEndpoints = new HashSet<>();
        final Set<String> down = new HashSet<>();
        /** Jobs whose container the daemon will not remove (yet). */
        final Set<String> stuckContainers = new HashSet<>();
        /** What was removed one by one, as "container|network JOB on HOST", in order. */
        final List<String> removed = new ArrayList<>();
        /** Each removeLeftovers call, as "JOB on HOST". */
        final List<String> leftoversRemoved = new ArrayList<>();

        FakeDaemons() {
            super(null); // no connection: every method the reaper uses is answered here
        }

        void container(String host, String job) {
            containers.add(new Labelled(host, new ContainerState(job, "running", true, 0, false, null, null, false,
                    null, Map.of(SlimlineLabels.JOB, job), null, 0, 0, 0, null)));
        }

        void network(String host, String job) {
            networks.add(new LabelledNetwork(host, new NetworkSummary(job, job, Map.of(SlimlineLabels.JOB, job))));
        }

        @Override
        List<Labelled> labelledContainers() {
            return List.copyOf(containers);
        }

        @Override
        List<LabelledNetwork> labelledNetworks() {
            return List.copyOf(networks);
        }

        @Override
        void removeContainer(Labelled container) {
            answering(container.host());
            if (stuckContainers.contains(container.state().id())) {
                throw new DockerOperationException("remove container " + container.state().id()
                        + ": removal of container " + container.state().id() + " is already in progress", 409, null);
            }
            containers.remove(container);
            removed.add("container " + container.state().id() + " on " + container.host());
        }

        @Override
        void removeNetwork(LabelledNetwork network) {
            answering(network.host());
            String job = network.network().id();
            if (foreignEndpoints.contains(job) || containers.stream()
                    .anyMatch(c -> c.host().equals(network.host()) && c.state().id().equals(job))) {
                throw new DockerOperationException("remove network " + job + ": error while removing network: network "
                        + job + " has active endpoints", 403, null);
            }
            networks.remove(network);
            removed.add("network " + job + " on " + network.host());
        }

        @Override
        int removeLeftovers(String jobId, String host) {
            answering(host);
            leftoversRemoved.add(jobId + " on " + host);
            int before = containers.size();
            containers.removeIf(c -> c.host().equals(host) && c.state().id().equals(jobId));
            networks.removeIf(n -> n.host().equals(host) && n.network().id().equals(jobId));
            return before - containers.size();
        }

        private void answering(String host) {
            if (down.contains(host)) {
                throw new DockerOperationException("connect to " + host + ": connection refused", 0, null);
            }
        }
    }
}
