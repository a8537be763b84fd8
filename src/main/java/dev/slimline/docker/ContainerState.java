package dev.slimline.docker;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container as the daemon describes it.
 *
 * @param status {@code created}, {@code running}, {@code exited}, ...
 * @param exitCode meaningful once the container has exited
 * @param oomKilled whether the kernel killed it for memory
 * @param hostPorts container port ({@code 8080/tcp}) to the host port it is published on
 * @param privileged and {@code capAdd}: what the container was granted, for checks
 * @param health the image's HEALTHCHECK verdict ({@code starting}, {@code healthy},
 *     {@code unhealthy}); null when the image has none or when listing
 * @param memoryBytes and {@code nanoCpus}, {@code pidsLimit}: its limits, 0 for none (or when listing)
 * @param hostIps the host addresses its ports are published on
 */
public record ContainerState(String id, String status, boolean running, int exitCode, boolean oomKilled,
        String error, Map<String, Integer> hostPorts, boolean privileged, List<String> capAdd,
        Map<String, String> labels, String health, long memoryBytes, long nanoCpus, long pidsLimit,
        Set<String> hostIps) {

    public ContainerState {
        hostPorts = hostPorts == null ? Map.of() : Map.copyOf(hostPorts);
        hostIps = hostIps == null ? Set.of() : Set.copyOf(hostIps);
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
