package dev.slimline.docker;

import com.github.dockerjava.api.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Networks on one daemon: the private bridge a job's containers share. */
public final class NetworkApi {

    private final DaemonConnection daemon;

    NetworkApi(DaemonConnection daemon) {
        this.daemon = daemon;
    }

    /** Creates a bridge network and returns its id. */
    public String create(String name, Map<String, String> labels) {
        return daemon.call("create network " + name, () -> daemon.client.createNetworkCmd().withName(name)
                .withDriver("bridge").withCheckDuplicate(true).withLabels(labels).exec().getId());
    }

    /** Removes a network; one that is already gone is not an error. Its containers must be gone first. */
    public void remove(String id) {
        daemon.ignoringNotFound("remove network " + DaemonConnection.shortId(id),
                () -> daemon.client.removeNetworkCmd(id).exec());
    }

    /** The networks labelled {@code key=value}, or carrying label {@code key} at all when {@code value} is null. */
    public List<NetworkSummary> listByLabel(String key, String value) {
        String filter = value == null ? key : key + "=" + value;
        return daemon.call("list networks labelled " + filter, () -> {
            List<NetworkSummary> out = new ArrayList<>();
            for (Network network : daemon.client.listNetworksCmd().withFilter("label", List.of(filter)).exec()) {
                out.add(new NetworkSummary(network.getId(), network.getName(), network.getLabels()));
            }
            return out;
        });
    }
}
