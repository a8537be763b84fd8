package dev.slimline.docker;

import java.time.Instant;

/**
 * What Slimline knows about one daemon: its last health check and the jobs it runs there.
 *
 * @param health {@code UP}, {@code DOWN}, or {@code UNKNOWN} before the first check
 * @param runningJobs leases this service holds on the daemon
 * @param capacity the most leases it hands out for the daemon at once
 * @param version what the daemon said at its last successful check; null when it has not answered
 * @param error why the last check failed; null unless {@code DOWN}
 * @param checkedAt when it was last checked; null before the first check
 */
public record HostStatus(String name, String uri, Health health, int runningJobs, int capacity,
        DaemonVersion version, String error, Instant checkedAt) {

    /** A daemon's state as of its last check. */
    public enum Health {
        UP, DOWN, UNKNOWN
    }
}
