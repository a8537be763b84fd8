package dev.slimline.docker;

import static dev.slimline.docker.DaemonConnection.shortId;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import java.io.Closeable;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Containers on one daemon: their life cycle, their files (archive, export) and their output. */
public final class ContainerApi {

    private final DaemonConnection daemon;

    ContainerApi(DaemonConnection daemon) {
        this.daemon = daemon;
    }

    public String create(ContainerSpec spec) {
        return daemon.call("create a container of " + spec.image(), () -> {
            HostConfig host = HostConfig.newHostConfig().withPrivileged(false);
            if (!spec.publishedPorts().isEmpty()) {
                Ports bindings = new Ports();
                for (String port : spec.publishedPorts()) {
                    bindings.bind(ExposedPort.parse(port), Ports.Binding.bindIp(spec.publishHostIp()));
                }
                host.withPortBindings(bindings);
            }
            if (spec.memoryBytes() > 0) {
                host.withMemory(spec.memoryBytes()).withMemorySwap(spec.memoryBytes());
            }
            if (spec.nanoCpus() > 0) {
                host.withNanoCPUs(spec.nanoCpus());
            }
            if (spec.pidsLimit() > 0) {
                host.withPidsLimit(spec.pidsLimit());
            }
            if (!spec.securityOpts().isEmpty()) {
                host.withSecurityOpts(spec.securityOpts());
            }
            if (spec.network() != null) {
                host.withNetworkMode(spec.network());
            }
            CreateContainerCmd cmd = daemon.client.createContainerCmd(spec.image()).withHostConfig(host)
                    .withLabels(spec.labels());
            if (spec.name() != null) {
                cmd.withName(spec.name());
            }
            if (spec.entrypoint() != null && !spec.entrypoint().isEmpty()) {
                cmd.withEntrypoint(spec.entrypoint());
            }
            if (spec.cmd() != null) {
                cmd.withCmd(spec.cmd());
            }
            if (spec.env() != null) {
                cmd.withEnv(spec.env());
            }
            if (spec.workingDir() != null) {
                cmd.withWorkingDir(spec.workingDir());
            }
            if (spec.user() != null) {
                cmd.withUser(spec.user());
            }
            if (!spec.publishedPorts().isEmpty()) {
                cmd.withExposedPorts(spec.publishedPorts().stream().map(ExposedPort::parse).toList());
            }
            if (spec.stopTimeoutSeconds() != null) {
                cmd.withStopTimeout(spec.stopTimeoutSeconds());
            }
            if (spec.network() != null && !spec.aliases().isEmpty()) {
                cmd.withAliases(spec.aliases());
            }
            return cmd.exec().getId();
        });
    }

    public void start(String id) {
        daemon.call("start container " + shortId(id), () -> {
            daemon.client.startContainerCmd(id).exec();
            return null;
        });
    }

    /** Sends the stop signal, waits up to the grace period, then kills. A stopped container is fine. */
    public void stop(String id, int graceSeconds) {
        daemon.ignoringNotModified("stop container " + shortId(id),
                () -> daemon.streamingClient.stopContainerCmd(id).withTimeout(graceSeconds).exec());
    }

    public void kill(String id, String signal) {
        daemon.call("send " + signal + " to container " + shortId(id), () -> {
            daemon.client.killContainerCmd(id).withSignal(signal).exec();
            return null;
        });
    }

    /** Removes a container and its anonymous volumes, running or not; one that is gone is not an error. */
    public void remove(String id) {
        daemon.ignoringNotFound("remove container " + shortId(id),
                () -> daemon.client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
    }

    /** Waits for the container to exit and returns its exit code. */
    public int awaitExit(String id, Duration timeout) {
        return daemon.call("wait for container " + shortId(id), () -> {
            Integer code = daemon.streamingClient.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return code == null ? -1 : code;
        });
    }

    public ContainerState inspect(String id) {
        return daemon.call("inspect container " + shortId(id),
                () -> toState(daemon.client.inspectContainerCmd(id).exec()));
    }

    public List<ContainerState> listByLabel(String key, String value) {
        return daemon.call("list containers labelled " + key + (value == null ? "" : "=" + value), () -> {
            var cmd = daemon.client.listContainersCmd().withShowAll(true);
            cmd = value == null ? cmd.withLabelFilter(List.of(key)) : cmd.withLabelFilter(Map.of(key, value));
            List<ContainerState> out = new ArrayList<>();
            for (Container c : cmd.exec()) {
                out.add(new ContainerState(c.getId(), c.getState(), "running".equals(c.getState()), 0, false, null,
                        Map.of(), false, List.of(), c.getLabels(), null, 0, 0, 0, Set.of()));
            }
            return out;
        });
    }

    /** Unpacks a tar stream into the container's filesystem at {@code directory}; works on created containers. */
    public void putArchive(String id, String directory, InputStream tar) {
        daemon.call("copy files into container " + shortId(id), () -> {
            daemon.client.copyArchiveToContainerCmd(id).withRemotePath(directory).withTarInputStream(tar).exec();
            return null;
        });
    }

    /** A tar stream of {@code path} in the container; the caller closes it. */
    public InputStream getArchive(String id, String path) {
        return daemon.call("copy " + path + " out of container " + shortId(id),
                () -> daemon.streamingClient.copyArchiveFromContainerCmd(id, path).exec());
    }

    /** The container's whole filesystem as a tar stream; the caller closes it. */
    public InputStream export(String id) {
        return daemon.call("export container " + shortId(id),
                () -> daemon.streamingClient.exportContainerCmd(id).exec());
    }

    /**
     * Streams a container's output, line by line, to {@code lines} until the container ends (when
     * following) or the output so far is read. Close the result to stop early.
     */
    public Closeable logs(String id, boolean follow, Consumer<String> lines) {
        return daemon.call("read the output of container " + shortId(id), () -> {
            var callback = daemon.streamingClient.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .withFollowStream(follow).exec(new ResultCallback.Adapter<Frame>() {
                        private final OutputLines output = new OutputLines(lines);

                        @Override
                        public void onNext(Frame frame) {
                            output.add(frame.getStreamType(), frame.getPayload());
                        }

                        @Override
                        public void onComplete() {
                            output.finish();
                            super.onComplete();
                        }
                    });
            if (!follow) {
                callback.awaitCompletion();
            }
            return callback;
        });
    }

    private static ContainerState toState(InspectContainerResponse r) {
        Map<String, Integer> hostPorts = new HashMap<>();
        if (r.getNetworkSettings() != null && r.getNetworkSettings().getPorts() != null) {
            r.getNetworkSettings().getPorts().getBindings().forEach((port, bindings) -> {
                if (bindings != null && bindings.length > 0 && bindings[0].getHostPortSpec() != null) {
                    hostPorts.put(port.toString(), Integer.parseInt(bindings[0].getHostPortSpec()));
                }
            });
        }
        var state = r.getState();
        HostConfig host = r.getHostConfig();
        Set<String> hostIps = new HashSet<>();
        if (host != null && host.getPortBindings() != null) {
            // as configured, so it is known before the container starts
            host.getPortBindings().getBindings().values().forEach(bindings -> {
                for (Ports.Binding binding : bindings == null ? new Ports.Binding[0] : bindings) {
                    hostIps.add(binding.getHostIp());
                }
            });
        }
        List<String> capAdd = new ArrayList<>();
        if (host != null && host.getCapAdd() != null) {
            for (var cap : host.getCapAdd()) {
                capAdd.add(cap.name());
            }
        }
        return new ContainerState(r.getId(), state.getStatus(), Boolean.TRUE.equals(state.getRunning()),
                state.getExitCodeLong() == null ? 0 : state.getExitCodeLong().intValue(),
                Boolean.TRUE.equals(state.getOOMKilled()), state.getError(), hostPorts,
                host != null && Boolean.TRUE.equals(host.getPrivileged()), capAdd,
                r.getConfig() == null ? Map.of() : r.getConfig().getLabels(),
                state.getHealth() == null ? null : state.getHealth().getStatus(),
                host == null || host.getMemory() == null ? 0 : host.getMemory(),
                host == null || host.getNanoCPUs() == null ? 0 : host.getNanoCPUs(),
                host == null || host.getPidsLimit() == null ? 0 : host.getPidsLimit(), hostIps);
    }
}
