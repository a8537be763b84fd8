package dev.slimline.job;

import dev.slimline.docker.DockerOperationException;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.pipeline.SpoolSweep;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Settles the jobs of instances that died while running them (their heartbeat is older than
 * {@code slimline.executor.claim-timeout}, or they carry this instance's own id from before a
 * restart), frees their daemon slots once their containers are gone, and removes containers,
 * networks and export spools left behind by jobs that are no longer running.
 *
 * <p>A dead instance's job is queued again while it has had fewer than
 * {@code slimline.executor.max-attempts} runs, and fails with "interrupted" after that. Re-running
 * is safe because a run leaves nothing behind but labelled containers and networks (the network's
 * name is the job's, so a leftover would make the next run fail), which are removed first,
 * and artifacts, which the next run overwrites; the bound keeps a job that kills its instance
 * (a pathological image exhausting memory, say) from taking down one replica after another.
 */
@Component
class ClaimReaper {

    private static final Logger log = LoggerFactory.getLogger(ClaimReaper.class);

    private final JobQueue queue;
    private final JobLogStore logs;
    private final JobDaemons daemons;
    private final ExecutorProperties properties;
    private final SpoolSweep spools;

    ClaimReaper(JobQueue queue, JobLogStore logs, JobDaemons daemons, ExecutorProperties properties,
            SpoolSweep spools) {
        this.queue = queue;
        this.logs = logs;
        this.daemons = daemons;
        this.properties = properties;
        this.spools = spools;
    }

    /**
     * Settles every stale claim, except jobs in {@code runningHere}. With {@code atStartUp}, the
     * claims held under this instance's own id are stale too: they are from before a restart.
     */
    void settleStaleClaims(boolean atStartUp, Set<String> runningHere) {
        Instant now = Instant.now();
        Instant cutoff = now.minus(properties.claimTimeout());
        String own = atStartUp ? properties.instanceId() : null;
        for (JobQueue.Claim claim : queue.staleClaims(cutoff, own)) {
            if (runningHere.contains(claim.id())) {
                continue;
            }
            try {
                settle(claim, now);
            } catch (RuntimeException e) {
                log.warn("Could not settle job {} of instance {} yet: {}", claim.id(), claim.claimedBy(),
                        e.getMessage());
            }
        }
        int freed = queue.releaseSlotsEndedBefore(cutoff);
        if (freed > 0) {
            log.info("Freed {} daemon slot(s) of jobs that ended without their instance giving them back", freed);
        }
    }

    /**
     * Removes containers and networks labelled with a job that this database knows and that is not
     * running, or that runs on another daemon: those of a killed instance, and networks whose
     * removal failed at the end of their job (a daemon has room for only a few dozen bridge
     * networks). A job's containers go first, as a network with containers attached cannot be removed.
     */
    void removeOrphanedContainersAndNetworks() {
        List<JobDaemons.Labelled> containers = daemons.labelledContainers();
        List<JobDaemons.LabelledNetwork> networks = daemons.labelledNetworks();
        Set<String> jobIds = new HashSet<>();
        containers.forEach(container -> jobIds.add(container.state().labels().get(SlimlineLabels.JOB)));
        networks.forEach(network -> jobIds.add(network.network().labels().get(SlimlineLabels.JOB)));
        jobIds.remove(null);
        Map<String, JobQueue.IdAndStatus> jobs = new HashMap<>();
        queue.statuses(jobIds).forEach(job -> jobs.put(job.id(), job));
        for (JobDaemons.Labelled container : containers) {
            JobQueue.IdAndStatus job = jobs.get(container.state().labels().get(SlimlineLabels.JOB));
            if (leftBehind(job, container.host())) {
                log.info("Removing container {} on {} left behind by job {} ({})", container.state().id(),
                        container.host(), job.id(), job.status());
                try {
                    daemons.removeContainer(container);
                } catch (DockerOperationException e) {
                    // one container the daemon will not remove yet (its removal already under way, a
                    // busy mount) must not keep the sweep from the others; the next sweep tries again
                    log.warn("Could not remove container {} on {} yet: {}", container.state().id(), container.host(),
                            e.getMessage());
                }
            }
        }
        for (JobDaemons.LabelledNetwork network : networks) {
            JobQueue.IdAndStatus job = jobs.get(network.network().labels().get(SlimlineLabels.JOB));
            if (leftBehind(job, network.host())) {
                log.info("Removing network {} ({}) on {} left behind by job {} ({})", network.network().name(),
                        network.network().id(), network.host(), job.id(), job.status());
                try {
                    daemons.removeNetwork(network);
                } catch (DockerOperationException e) {
                    // a container we do not own may still be attached; the next sweep tries again
                    log.warn("Could not remove network {} on {} yet: {}", network.network().name(), network.host(),
                            e.getMessage());
                }
            }
        }
    }

    /**
     * Whether something labelled with {@code job} on {@code host} is a leftover: the job is known
     * here and not running, or it runs on another daemon (where its live containers and network
     * are; anything elsewhere is from an earlier run).
     */
    private static boolean leftBehind(JobQueue.IdAndStatus job, String host) {
        return job != null && (job.status() != JobStatus.RUNNING || !host.equals(job.dockerHost()));
    }

    /**
     * Deletes the export spools of jobs this database knows and that are not running: those of a
     * killed instance. Another database's jobs (a second service sharing the directory) are left
     * alone, and so are the jobs in {@code runningHere}, whatever the database says by now.
     */
    void removeOrphanedSpools(Set<String> runningHere) {
        List<Path> deleted;
        try {
            deleted = spools.sweep(jobs -> queue.statuses(jobs).stream()
                    .filter(job -> job.status() != JobStatus.RUNNING && !runningHere.contains(job.id()))
                    .map(JobQueue.IdAndStatus::id)
                    .collect(Collectors.toSet()));
        } catch (IOException e) {
            log.warn("Could not look for export spools left behind: {}", e.getMessage());
            return;
        }
        for (Path spool : deleted) {
            log.info("Deleted the export spool {} left behind by a job that is not running", spool);
        }
    }

    private void settle(JobQueue.Claim claim, Instant now) {
        String who = claim.claimedBy().equals(properties.instanceId())
                ? "this instance (" + claim.claimedBy() + ") before it restarted"
                : "instance " + claim.claimedBy();
        String interrupted = "interrupted: the job was running on " + who + ", which stopped (last heartbeat "
                + claim.heartbeatAt() + ")" + (claim.phase() == null ? "" : " during " + claim.phase());
        if (claim.cancelRequested()) {
            note(claim.id(), interrupted + "; it had been asked to cancel");
            if (queue.endStale(claim, JobStatus.CANCELED, "canceled by request; " + interrupted, now)) {
                removeLeftovers(claim);
            }
        } else if (claim.attempts() < properties.maxAttempts()) {
            // the next run may reuse names: nothing of this one may survive it
            int removed = daemons.removeLeftovers(claim.id(), claim.dockerHost());
            note(claim.id(), interrupted + "; removed " + removed + " container(s); queued again (attempt "
                    + (claim.attempts() + 1) + " of " + properties.maxAttempts() + ")");
            if (queue.requeue(claim, now)) {
                log.info("Job {} of dead instance {} queued again", claim.id(), claim.claimedBy());
            }
        } else {
            String reason = interrupted + "; not retried after " + claim.attempts() + " attempt(s)";
            note(claim.id(), reason);
            if (queue.endStale(claim, JobStatus.FAILED, reason, now)) {
                log.info("Job {} of dead instance {} failed: {}", claim.id(), claim.claimedBy(), reason);
                removeLeftovers(claim);
            }
        }
    }

    /** Removes what the ended job left on its daemon, then frees its slot there. */
    private void removeLeftovers(JobQueue.Claim claim) {
        try {
            daemons.removeLeftovers(claim.id(), claim.dockerHost());
            queue.releaseSlotOfEnded(claim.id());
        } catch (RuntimeException e) {
            // the orphan sweep removes its containers and networks once the daemon answers; the slot is freed
            // after claim-timeout (releaseSlotsEndedBefore)
            log.warn("Could not remove containers of job {} yet: {}", claim.id(), e.getMessage());
        }
    }

    /** Adds a line to a job nobody is running; a concurrent settler may have written it already. */
    private void note(String jobId, String text) {
        try {
            logs.append(jobId, List.of(new LogLine(logs.lastSeq(jobId) + 1, Instant.now(), text)));
        } catch (DuplicateKeyException e) {
            log.debug("Job {} got a log line concurrently; skipping the note", jobId);
        }
    }
}
