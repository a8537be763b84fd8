package dev.slimline.docker;

/**
 * What a daemon said about itself, and the API version we settled on with it.
 *
 * @param apiVersion the version our requests use: the daemon's own, capped at what we know
 * @param daemonApiVersion the newest version the daemon speaks
 * @param minApiVersion the oldest version the daemon accepts
 * @param serverVersion the engine's release
 */
public record DaemonVersion(String apiVersion, String daemonApiVersion, String minApiVersion,
        String serverVersion, String os, String arch) {
}
