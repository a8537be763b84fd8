package dev.slimline.probe;

/**
 * One container port and where it can be reached from here.
 *
 * @param containerPort the port inside the container
 * @param host the address of the daemon's host that the port is published on
 * @param hostPort the published port
 */
public record ProbeTarget(int containerPort, String host, int hostPort) {
}
