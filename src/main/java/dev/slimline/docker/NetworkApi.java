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

    /** The ids of the networks labelled {@code key=value}. */
    public List<String> listByLabel(String key, String value) {
        return daemon.call("list networks labelled " + key + "=" + value, () -> {
            List<String> ids = new ArrayList<>();
            for (Network network : daemon.client.listNetworksCmd().withFilter("label", List.of(key + "=" + value))
                    .exec()) {
                ids.add(network.getId());
            }
            return ids;
        });
    }
}
