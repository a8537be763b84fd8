package dev.slimline.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TlsDaemon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.env.StandardEnvironment;

/** Two real daemons, the local engine and the TLS daemon: slots, load, and a daemon that goes away and comes back. */
@RequiresDocker
class DockerHostsIT {

    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final List<DockerHosts> opened = new ArrayList<>();
    private final List<DockerHosts.Lease> leases = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        leases.forEach(DockerHosts.Lease::close);
        opened.forEach(DockerHosts::destroy);
    }

    @Test
    void slotsGoToTheLeastLoadedDaemonUpToEachCapacity() {
        DockerHosts hosts = hosts(local(1), TlsDaemon.host("remote", 2));

        assertThat(acquire(hosts)).as("both idle: the first configured").isEqualTo("local");
        assertThat(acquire(hosts)).as("local full").isEqualTo("remote");
        assertThat(acquire(hosts)).isEqualTo("remote");
        assertThat(hosts.hasCapacity()).isFalse();
        assertThat(hosts.tryAcquire()).as("every slot taken").isEmpty();

        DockerHosts.Lease remote = leases.stream().filter(l -> l.hostName().equals("remote")).findFirst().orElseThrow();
        remote.close();
        remote.close();
        assertThat(hosts.statuses()).extracting(HostStatus::name, HostStatus::runningJobs)
                .containsExactly(tuple("local", 1), tuple("remote", 1));
        assertThat(hosts.hasCapacity()).isTrue();
        assertThat(acquire(hosts)).isEqualTo("remote");
    }

    @Test
    void aLeaseTalksToItsOwnDaemon() {
        DockerHosts hosts = hosts(local(1), TlsDaemon.host("remote", 1));
        DockerHosts.Lease first = hosts.tryAcquire().orElseThrow();
        DockerHosts.Lease second = hosts.tryAcquire().orElseThrow();
        leases.add(first);
        leases.add(second);

        assertThat(first.api().name()).isEqualTo("local");
        assertThat(second.api().name()).isEqualTo("remote");
        assertThat(second.api().system().ping().serverVersion()).isNotBlank();
        assertThat(second.api().container().listByLabel("slimline.test", "docker-hosts-it")).isEmpty();
    }

    @Test
    void aStoppedDaemonIsMarkedDownGetsNoJobsAndComesBackWhenItAnswers() throws Exception {
        DockerHosts hosts = hosts(local(0), TlsDaemon.host("remote", 2));
        DockerHealthIndicator health = new DockerHealthIndicator(hosts);
        assertThat(acquire(hosts)).isEqualTo("remote");
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        TlsDaemon.stop();
        try {
            // the last check said UP and is trusted for RECHECK; statuses() checks again once it is older
            long down = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (hosts.statuses().get(1).health() != HostStatus.Health.DOWN) {
                assertThat(System.nanoTime()).as("the stopped daemon is seen to be down").isLessThan(down);
                Thread.sleep(100);
            }

            assertThat(hosts.tryAcquire()).as("the only daemon with room is down").isEmpty();
            assertThat(hosts.hasCapacity()).as("known to be down").isFalse();
            HostStatus remote = hosts.statuses().get(1);
            assertThat(remote.health()).isEqualTo(HostStatus.Health.DOWN);
            assertThat(remote.error()).contains("remote").contains("could not be reached");
            assertThat(remote.runningJobs()).as("the job that was running keeps its slot until it ends").isOne();
            Health report = health.health();
            assertThat(report.getStatus()).as("the local engine still answers, though it takes no jobs")
                    .isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Object> remoteDetails = (Map<String, Object>) report.getDetails().get("remote");
            assertThat(remoteDetails).containsEntry("status", "DOWN").containsEntry("runningJobs", 1)
                    .containsEntry("capacity", 2).containsKey("error");
        } finally {
            TlsDaemon.start();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<DockerHosts.Lease> again;
        do {
            Thread.sleep(200);
            again = hosts.tryAcquire();
        } while (again.isEmpty() && System.nanoTime() < deadline);
        assertThat(again).as("a slot on the daemon once it answers again").isPresent();
        leases.add(again.get());
        assertThat(again.get().hostName()).isEqualTo("remote");
        assertThat(hosts.statuses().get(1).health()).isEqualTo(HostStatus.Health.UP);
    }

    @Test
    void healthIsDownWhenNoDaemonAnswers() {
        var nowhere = new DockerProperties.Host("nowhere", "tcp://127.0.0.1:9", null, 1);
        DockerHosts hosts = hosts(nowhere);

        Health report = new DockerHealthIndicator(hosts).health();

        assertThat(report.getStatus()).isEqualTo(Status.DOWN);
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) report.getDetails().get("nowhere");
        assertThat(details).containsEntry("status", "DOWN").containsEntry("uri", "tcp://127.0.0.1:9");
        assertThat((String) details.get("error")).contains("nowhere").contains("could not be reached");
        assertThat(hosts.tryAcquire()).isEmpty();
    }

    private DockerHosts hosts(DockerProperties.Host... hosts) {
        var properties = new DockerProperties(List.of(hosts), Duration.ofSeconds(2), Duration.ofMinutes(1), RECHECK);
        DockerHosts created = new DockerHosts(properties, new StandardEnvironment());
        opened.add(created);
        return created;
    }

    private String acquire(DockerHosts hosts) {
        DockerHosts.Lease lease = hosts.tryAcquire().orElseThrow(() -> new AssertionError("no slot"));
        leases.add(lease);
        return lease.hostName();
    }

    /** The local engine the other tests use, under another name. */
    private static DockerProperties.Host local(int capacity) {
        DockerProperties.Host engine = new DockerHosts(DockerProperties.of(List.of()), new StandardEnvironment())
                .hosts().get(0);
        return new DockerProperties.Host("local", engine.uri(), engine.tlsCertPath(), capacity);
    }
}
