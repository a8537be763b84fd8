package dev.slimline.job;

import dev.slimline.artifact.ArtifactStore;
import dev.slimline.docker.DockerHosts;
import dev.slimline.docker.DockerProperties;
import dev.slimline.pipeline.ObservationEndpoint;
import dev.slimline.pipeline.Phase;
import dev.slimline.pipeline.PipelineException;
import dev.slimline.pipeline.SlimResult;
import dev.slimline.pipeline.SlimSpec;
import dev.slimline.pipeline.Slimmer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Runs queued jobs, at most {@code slimline.executor.concurrency} at once. The queue is the
 * database: this instance claims a job (committed), then runs it; it renews its claims with a
 * heartbeat, notices cancel requests made through any instance, enforces each job's time limit,
 * and settles the jobs of dead instances. Every change of a job's state is committed before it is
 * acted upon, so a crash at any point leaves a state another instance can settle.
 */
@Component
class JobExecutor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final ExecutorProperties properties;
    private final JobQueue queue;
    private final JobLogStore logs;
    private final SpecCodec codec;
    private final ArtifactStore artifacts;
    private final Slimmer slimmer;
    private final JobDaemons daemons;
    private final ClaimReaper reaper;
    private final JobMetrics metrics;
    private final CredentialVault vault;
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService scheduler;
    private volatile ScheduledExecutorService housekeeping;
    private volatile ExecutorService workers;
    private volatile boolean active;

    JobExecutor(ExecutorProperties properties, JobQueue queue, JobLogStore logs, SpecCodec codec,
            ArtifactStore artifacts, Slimmer slimmer, JobDaemons daemons, ClaimReaper reaper, JobMetrics metrics,
            CredentialVault vault) {
        this.properties = properties;
        this.queue = queue;
        this.logs = logs;
        this.codec = codec;
        this.artifacts = artifacts;
        this.slimmer = slimmer;
        this.daemons = daemons;
        this.reaper = reaper;
        this.metrics = metrics;
        this.vault = vault;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newScheduledThreadPool(2, threads("slimline-executor-"));
        housekeeping = Executors.newSingleThreadScheduledExecutor(threads("slimline-reaper-"));
        workers = Executors.newFixedThreadPool(Math.max(1, properties.concurrency()), threads("slimline-job-"));
        active = true;
        log.info("Job executor {} starting: {} job(s) at once", properties.instanceId(), properties.concurrency());
        // settling talks to the Docker daemon, which may be slow or down: never in the way of the queue
        housekeeping.execute(() -> {
            safely("settle the claims of dead instances", () -> reaper.settleStaleClaims(true, Set.of()));
            safely("remove orphaned containers and networks", reaper::removeOrphanedContainersAndNetworks);
            safely("delete orphaned export spools", () -> reaper.removeOrphanedSpools(Set.of()));
        });
        every(housekeeping, properties.reapInterval(), "settle expired claims", () -> {
            reaper.settleStaleClaims(false, Set.copyOf(running.keySet()));
            reaper.removeOrphanedContainersAndNetworks();
            reaper.removeOrphanedSpools(Set.copyOf(running.keySet()));
        });
        every(scheduler, properties.pollInterval(), "poll the job queue", this::poll);
        every(scheduler, properties.heartbeatInterval(), "renew job claims", this::heartbeat);
        every(scheduler, properties.logFlushInterval(), "write job logs", this::flushAll);
    }

    /**
     * On a graceful shutdown the running jobs are interrupted and handed back to the queue without
     * counting the attempt, so another instance (or this one after its restart) runs them again.
     */
    @Override
    public void stop() {
        ScheduledExecutorService tasks;
        ExecutorService threads;
        synchronized (this) {
            if (!active) {
                return;
            }
            active = false;
            tasks = scheduler;
            threads = workers;
        }
        tasks.shutdownNow();
        housekeeping.shutdownNow();
        List<RunningJob> interrupted = List.copyOf(running.values());
        interrupted.forEach(job -> {
            job.log("Service instance " + properties.instanceId()
                    + " is shutting down; handing the job back to the queue");
            job.stop();
        });
        threads.shutdown();
        try {
            threads.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (RunningJob job : interrupted) {
            safely("hand job " + job.id() + " back", () -> {
                flush(job);
                daemons.removeLeftovers(job.id(), job.daemon().hostName());
                queue.release(job.id(), properties.instanceId(), Instant.now());
            });
        }
        threads.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    /** Looks for work now rather than at the next poll, after a submit or when a slot frees. */
    void wakeUp() {
        ScheduledExecutorService tasks = scheduler;
        if (active && tasks != null) {
            try {
                tasks.execute(() -> safely("poll the job queue", this::poll));
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    /**
     * Cancels the job if this instance runs it: commits CANCELED, interrupts the worker and removes
     * the job's containers. Returns false when the job does not run here.
     */
    boolean cancelIfRunningHere(String id) {
        RunningJob job = running.get(id);
        if (job == null) {
            return false;
        }
        job.log("Canceled by request" + (job.phase() == null ? "" : " during " + job.phase()));
        end(job, JobStatus.CANCELED, job.phase(),
                "canceled by request" + (job.phase() == null ? "" : " during " + job.phase()));
        return true;
    }

    /** Tells the job to end its observation if this instance runs it; returns false when it does not. */
    boolean endObservationIfRunningHere(String id) {
        RunningJob job = running.get(id);
        if (job == null) {
            return false;
        }
        if (!job.stopRequested()) {
            job.log("Told to end the observation");
            job.endObservation();
        }
        return true;
    }

    private synchronized void poll() {
        if (!active) {
            return;
        }
        if (!running.isEmpty()) {
            for (String id : queue.cancelRequested(properties.instanceId())) {
                cancelIfRunningHere(id);
            }
            for (String id : queue.observationEndRequested(properties.instanceId())) {
                endObservationIfRunningHere(id);
            }
        }
        while (active && running.size() < properties.concurrency()) {
            List<DockerProperties.Host> available = daemons.available();
            if (available.isEmpty()) {
                return;
            }
            Optional<JobQueue.Claimed> claimed = queue.claimNext(properties.instanceId(), available, Instant.now());
            if (claimed.isEmpty()) {
                return;
            }
            String id = claimed.get().id();
            DockerHosts.Lease daemon;
            try {
                daemon = daemons.lease(claimed.get().dockerHost());
            } catch (RuntimeException e) {
                queue.release(id, properties.instanceId(), Instant.now());
                throw e;
            }
            RunningJob job = new RunningJob(id, daemon, logs.lastSeq(id), properties.maxLogLines());
            running.put(id, job);
            try {
                workers.execute(() -> run(job));
            } catch (RejectedExecutionException e) {
                running.remove(id);
                daemon.close();
                queue.release(id, properties.instanceId(), Instant.now());
                return;
            }
        }
    }

    private void run(RunningJob job) {
        Instant started = Instant.now();
        JobStatus outcome = null;
        try {
            Job stored = queue.find(job.id()).orElseThrow(() -> new JobNotFoundException(job.id()));
            SlimSpec spec = codec.read(stored.getSpecJson());
            if (stored.getSecrets() != null) {
                spec = vault.open(job.id(), stored.getSecrets()).applyTo(spec);
            }
            Duration limit = spec.limits().jobTimeout() == null ? SlimSpec.Limits.DEFAULT.jobTimeout()
                    : spec.limits().jobTimeout();
            job.startedOn(Thread.currentThread(),
                    scheduler.schedule(() -> timeOut(job, limit), limit.toMillis(), TimeUnit.MILLISECONDS));
            if (job.stopped()) {
                return;
            }
            job.log("Job " + job.id() + " started on instance " + properties.instanceId() + " (attempt "
                    + stored.getAttempts() + " of " + properties.maxAttempts() + ", time limit " + limit + ")");
            SlimResult result = slimmer.slim(job.id(), spec, job.daemon().api(), job);
            if (!job.stopped()) {
                outcome = succeed(job, result);
            }
        } catch (PipelineException e) {
            if (!job.stopped()) {
                job.log("Failed in " + e.phase() + ": " + e.getMessage());
                outcome = end(job, JobStatus.FAILED, e.phase(), e.getMessage()) ? JobStatus.FAILED : null;
            }
        } catch (CredentialsUnavailableException e) {
            if (!job.stopped()) {
                job.log("Failed: " + e.getMessage());
                outcome = end(job, JobStatus.FAILED, null, e.getMessage()) ? JobStatus.FAILED : null;
            }
        } catch (RuntimeException e) {
            if (!job.stopped()) {
                log.error("Job {} failed unexpectedly", job.id(), e);
                String reason = "unexpected error: " + e.getMessage();
                job.log("Failed" + (job.phase() == null ? "" : " in " + job.phase()) + ": " + reason);
                outcome = end(job, JobStatus.FAILED, job.phase(), reason) ? JobStatus.FAILED : null;
            }
        } finally {
            job.cancelTimeout();
            job.detach();
            Thread.interrupted();
            safely("write the log of job " + job.id(), () -> flush(job));
            running.remove(job.id());
            job.daemon().close();
            safely("free the daemon slot of job " + job.id(),
                    () -> queue.releaseSlot(job.id(), properties.instanceId()));
            if (outcome != null) {
                metrics.finished(outcome, Duration.between(started, Instant.now()));
            }
            wakeUp();
        }
    }

    private JobStatus succeed(RunningJob job, SlimResult result) {
        Set<String> stored = new HashSet<>();
        result.artifacts().forEach((name, content) -> {
            if (!ArtifactStore.isValidName(name) || JobArtifacts.SYNTHETIC.contains(name)) {
                job.log("Artifact name not kept: " + name);
                return;
            }
            artifacts.write(job.id(), name, content);
            stored.add(name);
        });
        boolean unverified = result.verificationFailed();
        job.log((unverified ? "Failed in VERIFY: " : "Succeeded: ") + result.slimImage() + " ("
                + result.slimSizeBytes() + " bytes, from " + result.originalSizeBytes() + " bytes of "
                + result.originalImage() + ")" + (result.verification() == null ? ""
                        : switch (result.verification()) {
                            case FAILED -> "; it did not answer like the original: " + result.verificationFailure()
                                    + " (the image and the artifacts are kept)";
                            case RAN_ONLY -> "; not verified (RAN_ONLY): the slim image was only started and kept"
                                    + " running, no probe exercised it";
                            case VERIFIED -> "; verified";
                        }));
        flush(job);
        if (queue.succeed(job.id(), properties.instanceId(), result, codec.writeJudging(result.judging()),
                Instant.now())) {
            return unverified ? JobStatus.FAILED : JobStatus.SUCCEEDED;
        }
        // someone else ended the job meanwhile (cancel, timeout, a lost claim): its outcome stands
        artifacts.deleteAll(job.id());
        return null;
    }

    /**
     * Commits FAILED or CANCELED, then stops the worker and removes the job's containers (the
     * pipeline removes its own; this catches what an interrupted or broken run left behind).
     */
    private boolean end(RunningJob job, JobStatus status, Phase phase, String reason) {
        flush(job);
        if (!queue.end(job.id(), properties.instanceId(), status, phase, reason, Instant.now())) {
            return false;
        }
        if (job.stop()) {
            safely("remove the containers of job " + job.id(),
                    () -> daemons.removeLeftovers(job.id(), job.daemon().hostName()));
        }
        return true;
    }

    private void timeOut(RunningJob job, Duration limit) {
        String reason = "timed out: the job took longer than its limit of " + limit + " (limits.jobTimeoutSeconds)"
                + (job.phase() == null ? "" : "; it was in " + job.phase());
        job.log(reason);
        if (end(job, JobStatus.FAILED, job.phase(), reason)) {
            metrics.finished(JobStatus.FAILED, limit);
        }
    }

    private void heartbeat() {
        Set<String> ids = Set.copyOf(running.keySet());
        if (ids.isEmpty()) {
            return;
        }
        List<String> held = queue.heartbeat(properties.instanceId(), ids, Instant.now());
        for (String id : ids) {
            RunningJob job = running.get(id);
            if (!held.contains(id) && job != null && !job.stopped()) {
                // another instance settled it (this one looked dead) or it ended: stop doing its work
                job.log("This instance no longer holds the job; stopping its work here");
                job.stop();
            }
        }
    }

    private void flushAll() {
        running.values().forEach(job -> safely("write the log of job " + job.id(), () -> flush(job)));
    }

    private void flush(RunningJob job) {
        synchronized (job.flushLock()) {
            logs.append(job.id(), job.takeLines());
        }
        RunningJob.Progress progress = job.takeProgress();
        if (progress != null) {
            queue.progress(job.id(), properties.instanceId(), progress.phase(), progress.percent(), Instant.now());
        }
        List<ObservationEndpoint> endpoints = job.takeEndpoints();
        if (endpoints != null) {
            queue.observationEndpoints(job.id(), properties.instanceId(), codec.writeEndpoints(endpoints),
                    Instant.now());
        }
    }

    private static void every(ScheduledExecutorService executor, Duration interval, String what, Runnable task) {
        executor.scheduleWithFixedDelay(() -> safely(what, task), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static void safely(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("Could not {}: {}", what, e.getMessage());
        }
    }

    private static ThreadFactory threads(String prefix) {
        CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
        factory.setDaemon(true);
        return factory;
    }
}
