package dev.slimline.job;

import dev.slimline.docker.DockerProperties;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which daemon gets the next job, from every replica's running jobs as the database counts them. */
final class DaemonChoice {

    private DaemonChoice() {
    }

    /**
     * The least loaded daemon with room: fewest running jobs for its capacity, then fewest running
     * jobs, then the first in {@code candidates}. Empty when every candidate is full.
     *
     * @param candidates daemons that answer, in configuration order
     * @param running jobs holding a slot, by daemon name (a daemon with none may be absent)
     */
    static Optional<String> leastLoaded(List<DockerProperties.Host> candidates, Map<String, Integer> running) {
        Comparator<DockerProperties.Host> byLoad = Comparator.comparingDouble(
                h -> (double) running.getOrDefault(h.name(), 0) / h.capacity());
        return candidates.stream()
                .filter(h -> h.capacity() > running.getOrDefault(h.name(), 0))
                .sorted(byLoad.thenComparingInt(h -> running.getOrDefault(h.name(), 0)))
                .map(DockerProperties.Host::name)
                .findFirst();
    }
}
