package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.DockerProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonChoiceTest {

    private static final DockerProperties.Host A = host("a", 2);
    private static final DockerProperties.Host B = host("b", 4);

    @Test
    void fillsDaemonsByLoadForTheirCapacityThenByConfigurationOrder() {
        Map<String, Integer> running = new HashMap<>();
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            String chosen = DaemonChoice.leastLoaded(List.of(A, B), running).orElseThrow();
            order.append(chosen);
            running.merge(chosen, 1, Integer::sum);
        }

        assertThat(order.toString()).isEqualTo("abbabb");
        assertThat(DaemonChoice.leastLoaded(List.of(A, B), running)).as("every slot taken").isEmpty();
    }

    @Test
    void jobsOfOtherReplicasCount() {
        assertThat(DaemonChoice.leastLoaded(List.of(A, B), Map.of("a", 2, "b", 3))).contains("b");
        assertThat(DaemonChoice.leastLoaded(List.of(A, B), Map.of("a", 2, "b", 4))).isEmpty();
        assertThat(DaemonChoice.leastLoaded(List.of(A), Map.of("b", 0))).contains("a");
    }

    @Test
    void aDaemonWithoutCapacityNeverGetsAJob() {
        assertThat(DaemonChoice.leastLoaded(List.of(host("draining", 0)), Map.of())).isEmpty();
    }

    private static DockerProperties.Host host(String name, int capacity) {
        return new DockerProperties.Host(name, "tcp://" + name + ":2376", null, capacity);
    }
}
