package dev.slimline.docker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This replica's jobs per daemon and health memory for the configured daemons (the capacity
 * shared by all replicas is counted in the database, see {@code job.JobQueue}). It does no I/O of its own:
 * the check it is given pings a daemon (and throws when it does not answer). A daemon's last
 * check is trusted for {@code recheckAfter}; after that it is checked again before it gets a
 * job, so a daemon that stopped answering gets no new jobs, and one that came back gets them
 * again within that time.
 */
final class HostPool {

    /** Pings one daemon; throws with the reason when it does not answer. */
    @FunctionalInterface
    interface Check {
        DaemonVersion ping(DockerProperties.Host host);
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Duration recheckAfter;
    private final Clock clock;
    private final Check check;

    HostPool(List<DockerProperties.Host> hosts, Duration recheckAfter, Clock clock, Check check) {
        for (DockerProperties.Host host : hosts) {
            if (entries.put(host.name(), new Entry(host)) != null) {
                throw new IllegalArgumentException("two Docker hosts are named " + host.name());
            }
        }
        this.recheckAfter = recheckAfter;
        this.clock = clock;
        this.check = check;
    }

    /**
     * The daemons that answer and on which this replica may start another job, in configuration
     * order; daemons whose last check is older than {@code recheckAfter} are pinged first. Which
     * of them gets a job is decided with every replica's running jobs (in the database), not here.
     */
    List<String> available() {
        List<Entry> candidates;
        synchronized (this) {
            candidates = entries.values().stream().filter(e -> e.hasRoom() && !knownDown(e)).toList();
        }
        List<String> out = new ArrayList<>();
        for (Entry entry : candidates) {
            if (answers(entry)) {
                out.add(entry.host.name());
            }
        }
        return out;
    }

    /** Counts a job of this replica on the daemon, until {@link #release}. */
    synchronized void take(String name) {
        Entry entry = entry(name);
        if (!entry.hasRoom()) {
            throw new IllegalStateException("Docker host " + name + " already runs " + entry.running
                    + " job(s) of this replica, its capacity");
        }
        entry.running++;
    }

    /** Gives back a slot counted by {@link #take}. */
    synchronized void release(String name) {
        Entry entry = entry(name);
        if (entry.running == 0) {
            throw new IllegalStateException("no job holds a slot on Docker host " + name);
        }
        entry.running--;
    }

    /**
     * Whether some daemon may take another job of this replica and is not known to be down; no
     * daemon is pinged, so {@link #available()} may still find none.
     */
    synchronized boolean hasRoom() {
        return entries.values().stream().anyMatch(e -> e.hasRoom() && !knownDown(e));
    }

    /** Every daemon's state, checking again those whose last check is no longer trusted. */
    List<HostStatus> statuses() {
        List<Entry> all;
        synchronized (this) {
            all = List.copyOf(entries.values());
        }
        all.forEach(this::answers);
        List<HostStatus> out = new ArrayList<>();
        synchronized (this) {
            for (Entry e : all) {
                out.add(new HostStatus(e.host.name(), e.host.uri(), e.health, e.running, e.host.capacity(),
                        e.version, e.error, e.checkedAt));
            }
        }
        return out;
    }

    /** Whether the daemon answers, pinging it when its last check is too old; one ping at a time per daemon. */
    private boolean answers(Entry entry) {
        synchronized (entry.checking) {
            synchronized (this) {
                if (fresh(entry)) {
                    return entry.health == HostStatus.Health.UP;
                }
            }
            DaemonVersion version = null;
            String error = null;
            try {
                version = check.ping(entry.host);
            } catch (RuntimeException e) {
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            synchronized (this) {
                if (version != null) {
                    entry.recordUp(version, clock.instant());
                } else {
                    entry.recordDown(error, clock.instant());
                }
                return entry.health == HostStatus.Health.UP;
            }
        }
    }

    private boolean fresh(Entry entry) {
        return entry.checkedAt != null && entry.checkedAt.plus(recheckAfter).isAfter(clock.instant());
    }

    private boolean knownDown(Entry entry) {
        return entry.health == HostStatus.Health.DOWN && fresh(entry);
    }

    private Entry entry(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no Docker host named " + name);
        }
        return entry;
    }

    /** One daemon's mutable state; fields guarded by the pool's monitor. */
    private static final class Entry {
        final DockerProperties.Host host;
        final Object checking = new Object();
        int running;
        HostStatus.Health health = HostStatus.Health.UNKNOWN;
        DaemonVersion version;
        String error;
        Instant checkedAt;

        Entry(DockerProperties.Host host) {
            this.host = host;
        }

        boolean hasRoom() {
            return running < host.capacity();
        }

        void recordUp(DaemonVersion answered, Instant at) {
            health = HostStatus.Health.UP;
            version = answered;
            error = null;
            checkedAt = at;
        }

        void recordDown(String reason, Instant at) {
            health = HostStatus.Health.DOWN;
            version = null;
            error = reason;
            checkedAt = at;
        }
    }
}
