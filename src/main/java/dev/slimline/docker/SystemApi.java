package dev.slimline.docker;

import com.fasterxml.jackson.databind.JsonNode;

/** The daemon itself: which API it speaks, and whether it answers. */
public final class SystemApi {

    private final DaemonConnection daemon;

    SystemApi(DaemonConnection daemon) {
        this.daemon = daemon;
    }

    /** What the daemon said when we connected. */
    public DaemonVersion version() {
        return daemon.version;
    }

    /** Asks the daemon again; fails when it does not answer within the connect timeout. */
    public DaemonVersion ping() {
        JsonNode v = daemon.getJson(daemon.pingHttp, "/version", "ask the daemon for its version");
        return new DaemonVersion(daemon.version.apiVersion(), v.path("ApiVersion").asText(),
                v.path("MinAPIVersion").asText(), v.path("Version").asText(), v.path("Os").asText(),
                v.path("Arch").asText());
    }
}
