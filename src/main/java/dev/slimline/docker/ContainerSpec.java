package dev.slimline.docker;

import java.util.List;
import java.util.Map;

/**
 * What to create a container with. Null lists mean "the image's own"; an empty entrypoint list
 * also means the image's own, so callers that want to replace it must name one.
 *
 * @param publishedPorts container ports ({@code 8080/tcp}) to publish on a random port of
 *     {@link #publishHostIp} on the daemon's host
 * @param memoryBytes memory limit, 0 for none
 * @param nanoCpus CPU limit in billionths of a CPU, 0 for none
 * @param pidsLimit process limit, 0 for none
 * @param securityOpts such as {@code seccomp=<json>}
 * @param network the network to join instead of the default bridge; null for the default
 * @param aliases names the container is reached by on {@code network}
 */
public record ContainerSpec(
        String image,
        String name,
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        Map<String, String> labels,
        List<String> publishedPorts,
        String publishHostIp,
        long memoryBytes,
        long nanoCpus,
        long pidsLimit,
        List<String> securityOpts,
        Integer stopTimeoutSeconds,
        String network,
        List<String> aliases) {

    public ContainerSpec {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        publishedPorts = publishedPorts == null ? List.of() : List.copyOf(publishedPorts);
        securityOpts = securityOpts == null ? List.of() : List.copyOf(securityOpts);
    }

    public static ContainerSpec of(String image) {
        return new ContainerSpec(image, null, null, null, null, null, null, Map.of(), List.of(), "127.0.0.1",
                0, 0, 0, List.of(), null, null, List.of());
    }

    /** Joins {@code networkName}, reached there by {@code names}. */
    public ContainerSpec withNetwork(String networkName, List<String> names) {
        return new ContainerSpec(image, name, entrypoint, cmd, env, workingDir, user, labels, publishedPorts,
                publishHostIp, memoryBytes, nanoCpus, pidsLimit, securityOpts, stopTimeoutSeconds, networkName, names);
    }

    public ContainerSpec withName(String value) {
        return new ContainerSpec(image, value, entrypoint, cmd, env, workingDir, user, labels, publishedPorts,
                publishHostIp, memoryBytes, nanoCpus, pidsLimit, securityOpts, stopTimeoutSeconds, network, aliases);
    }

    public ContainerSpec withCommand(List<String> newEntrypoint, List<String> newCmd) {
        return new ContainerSpec(image, name, newEntrypoint, newCmd, env, workingDir, user, labels, publishedPorts,
                publishHostIp, memoryBytes, nanoCpus, pidsLimit, securityOpts, stopTimeoutSeconds, network, aliases);
    }

    public ContainerSpec withProcess(List<String> newEnv, String newWorkingDir, String newUser) {
        return new ContainerSpec(image, name, entrypoint, cmd, newEnv, newWorkingDir, newUser, labels, publishedPorts,
                publishHostIp, memoryBytes, nanoCpus, pidsLimit, securityOpts, stopTimeoutSeconds, network, aliases);
    }

    public ContainerSpec withLabels(Map<String, String> newLabels) {
        return new ContainerSpec(image, name, entrypoint, cmd, env, workingDir, user, newLabels, publishedPorts,
                publishHostIp, memoryBytes, nanoCpus, pidsLimit, securityOpts, stopTimeoutSeconds, network, aliases);
    }

    public ContainerSpec withPublishedPorts(List<String> ports, String hostIp) {
        return new ContainerSpec(image, name, entrypoint, cmd, env, workingDir, user, labels, ports, hostIp,
                memoryBytes, nanoCpus, pidsLimit, securityOpts, stopTimeoutSeconds, network, aliases);
    }

    public ContainerSpec withLimits(long memory, long cpus, long pids) {
        return new ContainerSpec(image, name, entrypoint, cmd, env, workingDir, user, labels, publishedPorts,
                publishHostIp, memory, cpus, pids, securityOpts, stopTimeoutSeconds, network, aliases);
    }

    public ContainerSpec withSecurityOpts(List<String> opts) {
        return new ContainerSpec(image, name, entrypoint, cmd, env, workingDir, user, labels, publishedPorts,
                publishHostIp, memoryBytes, nanoCpus, pidsLimit, opts, stopTimeoutSeconds, network, aliases);
    }

    public ContainerSpec withStopTimeout(Integer seconds) {
        return new ContainerSpec(image, name, entrypoint, cmd, env, workingDir, user, labels, publishedPorts,
                publishHostIp, memoryBytes, nanoCpus, pidsLimit, securityOpts, seconds, network,
                aliases);
    }
}
