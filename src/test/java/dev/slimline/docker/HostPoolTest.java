package dev.slimline.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostPoolTest {

    private static final Duration RECHECK = Duration.ofSeconds(5);
    private static final DaemonVersion VERSION = new DaemonVersion("1.41", "1.41", "1.12", "20.10.24", "linux", "amd64");

    private final MutableClock clock = new MutableClock();
    private final Set<String> down = new HashSet<>();
    private final List<String> pinged = new ArrayList<>();

    @Test
    void offersTheDaemonsThatAnswerAndHaveRoomForThisReplicaInConfigurationOrder() {
        HostPool pool = pool(host("a", 1), host("b", 2));

        assertThat(pool.available()).containsExactly("a", "b");
        pool.take("a");
        assertThat(pool.available()).containsExactly("b");
        pool.take("b");
        pool.take("b");
        assertThat(pool.available()).as("every slot taken").isEmpty();
        assertThat(pool.hasRoom()).isFalse();
        assertThatThrownBy(() -> pool.take("b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("its capacity");
    }

    @Test
    void aReleasedSlotIsOfferedAgain() {
        HostPool pool = pool(host("a", 1), host("b", 1));
        pool.take("a");
        pool.take("b");

        pool.release("b");

        assertThat(pool.hasRoom()).isTrue();
        assertThat(pool.available()).containsExactly("b");
    }

    @Test
    void releasingASlotNobodyHoldsIsABug() {
        HostPool pool = pool(host("a", 1));

        assertThatThrownBy(() -> pool.release("a")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a");
        assertThatThrownBy(() -> pool.release("nope")).hasMessageContaining("no Docker host named nope");
    }

    @Test
    void aDaemonThatDoesNotAnswerGetsNoJobsUntilItAnswersAgain() {
        HostPool pool = pool(host("a", 2), host("b", 2));
        down.add("a");

        assertThat(pool.available()).containsExactly("b");
        pool.take("b");
        pool.take("b");
        assertThat(pool.available()).as("a is down, b is full").isEmpty();
        assertThat(pool.hasRoom()).as("a is known to be down").isFalse();
        assertThat(status(pool, "a").health()).isEqualTo(HostStatus.Health.DOWN);
        assertThat(status(pool, "a").error()).isEqualTo("a does not answer");

        down.remove("a");
        pinged.clear();
        clock.advance(RECHECK.minusSeconds(1));
        assertThat(pool.available()).as("the failed check is still trusted").isEmpty();
        assertThat(pinged).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(pool.hasRoom()).as("the failed check is no longer trusted").isTrue();
        assertThat(pool.available()).containsExactly("a");
        assertThat(pinged).containsExactly("a");
        assertThat(status(pool, "a").health()).isEqualTo(HostStatus.Health.UP);
    }

    @Test
    void aDaemonIsPingedAgainOnlyWhenItsLastCheckIsOld() {
        HostPool pool = pool(host("a", 10));

        for (int i = 0; i < 3; i++) {
            assertThat(pool.available()).containsExactly("a");
            pool.take("a");
        }
        assertThat(pinged).containsExactly("a");

        clock.advance(RECHECK);
        down.add("a");
        assertThat(pool.available()).as("stopped answering since the last check").isEmpty();
        assertThat(pinged).containsExactly("a", "a");
        assertThat(status(pool, "a").runningJobs()).as("running jobs keep their slots").isEqualTo(3);
    }

    @Test
    void aDaemonWithNoCapacityGetsNoJobsAndIsNotPingedForThem() {
        HostPool pool = pool(host("draining", 0), host("b", 1));

        assertThat(pool.available()).containsExactly("b");
        assertThat(pinged).containsExactly("b");
    }

    @Test
    void statusesCheckEveryDaemonAndShowLoad() {
        HostPool pool = pool(host("a", 2), host("b", 3));
        down.add("b");
        pool.take("a");

        List<HostStatus> statuses = pool.statuses();

        assertThat(statuses).extracting(HostStatus::name).containsExactly("a", "b");
        HostStatus a = statuses.get(0);
        assertThat(a.health()).isEqualTo(HostStatus.Health.UP);
        assertThat(a.runningJobs()).isEqualTo(1);
        assertThat(a.capacity()).isEqualTo(2);
        assertThat(a.version()).isEqualTo(VERSION);
        assertThat(a.checkedAt()).isEqualTo(clock.instant());
        HostStatus b = statuses.get(1);
        assertThat(b.health()).isEqualTo(HostStatus.Health.DOWN);
        assertThat(b.version()).isNull();
        assertThat(b.error()).isEqualTo("b does not answer");
    }

    @Test
    void namesMustBeUnique() {
        assertThatThrownBy(() -> pool(host("a", 1), host("a", 2))).hasMessageContaining("two Docker hosts are named a");
    }

    private HostPool pool(DockerProperties.Host... hosts) {
        return new HostPool(List.of(hosts), RECHECK, clock, host -> {
            pinged.add(host.name());
            if (down.contains(host.name())) {
                throw new DockerOperationException(host.name() + " does not answer", 0, null);
            }
            return VERSION;
        });
    }

    private static DockerProperties.Host host(String name, int capacity) {
        return new DockerProperties.Host(name, "tcp://" + name + ":2376", null, capacity);
    }

    private static HostStatus status(HostPool pool, String name) {
        return pool.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
