package dev.slimline.job;

import dev.slimline.artifact.ArtifactStore;
import dev.slimline.artifact.StoredArtifact;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.ImageDetails;
import dev.slimline.pipeline.JudgingSummary;
import dev.slimline.pipeline.ObservationEndpoint;
import dev.slimline.pipeline.SlimSpec;
import jakarta.persistence.criteria.Predicate;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;

/** What the HTTP API can do with jobs: submit, read, list, cancel, delete, logs and artifacts. */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final int LOG_BATCH = 500;
    private static final int SPEC_CACHE_SIZE = 10_000;
    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

    private final JobRepository jobs;
    private final JobQueue queue;
    private final JobLogStore logs;
    private final SpecCodec codec;
    private final ArtifactStore artifacts;
    private final JobDaemons daemons;
    private final JobExecutor executor;
    private final JobMetrics metrics;
    private final CredentialVault vault;
    private final Map<String, SlimSpec> specs = new ConcurrentHashMap<>();

    JobService(JobRepository jobs, JobQueue queue, JobLogStore logs, SpecCodec codec, ArtifactStore artifacts,
            JobDaemons daemons, JobExecutor executor, JobMetrics metrics, CredentialVault vault) {
        this.jobs = jobs;
        this.queue = queue;
        this.logs = logs;
        this.codec = codec;
        this.artifacts = artifacts;
        this.daemons = daemons;
        this.executor = executor;
        this.metrics = metrics;
        this.vault = vault;
    }

    /** A submitted job, and whether this request created it (false: an idempotent replay). */
    public record Submission(Job job, boolean created) {
    }

    /**
     * Queues a job owned by {@code owner}. With an idempotency key (each owner has their own), a
     * repeat of the same specification (compared after defaults are applied, registry
     * credentials included) returns the job the key first created; a different one is refused.
     * Registry credentials are stored only encrypted ({@link CredentialVault}); the comparison
     * uses a keyed hash of them ({@link CredentialVault#fingerprint}).
     */
    public Submission submit(SlimSpec spec, String idempotencyKey, String owner) {
        String specJson = codec.write(spec);
        JobCredentials credentials = JobCredentials.of(spec);
        String hash = SpecCodec.hash(credentials == null ? specJson
                : specJson + "\ncredentials:" + vault.fingerprint(credentials));
        if (idempotencyKey != null) {
            Optional<Job> earlier = jobs.findByOwnerAndIdempotencyKey(owner, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), hash);
            }
        }
        String id = UUID.randomUUID().toString();
        Job job = Job.queued(id, spec.image(), owner, specJson,
                credentials == null ? null : vault.seal(id, credentials), idempotencyKey, hash, Instant.now());
        try {
            jobs.saveAndFlush(job);
        } catch (DataIntegrityViolationException e) {
            // a concurrent request with the same key won the insert
            Job winner = idempotencyKey == null ? null
                    : jobs.findByOwnerAndIdempotencyKey(owner, idempotencyKey).orElse(null);
            if (winner == null) {
                throw e;
            }
            return replay(winner, hash);
        }
        metrics.submitted();
        executor.wakeUp();
        return new Submission(job, true);
    }

    public Job get(String id) {
        return queue.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    /**
     * The job, if {@code owner} may see it: null sees every job. Someone else's job is "not
     * found", exactly like a job that does not exist, so ids of other owners' jobs cannot be probed.
     */
    public Job get(String id, String owner) {
        Job job = get(id);
        if (owner != null && !owner.equals(job.getOwner())) {
            throw new JobNotFoundException(id);
        }
        return job;
    }

    /** How verification judged the job's answers; null before it ended or when it was not verified. */
    public JudgingSummary judgingOf(Job job) {
        return codec.readJudging(job.getJudgingJson());
    }

    /** Where the job's application can be reached while it is observed; empty otherwise. */
    public List<ObservationEndpoint> observationEndpointsOf(Job job) {
        return job.getStatus() == JobStatus.RUNNING ? codec.readEndpoints(job.getObservationEndpointsJson())
                : List.of();
    }

    /** The job's specification as stored (without its registry credentials, which are never shown). */
    public SlimSpec specOf(Job job) {
        // a job's specification never changes: parse it once, not on every poll of the job
        if (specs.size() >= SPEC_CACHE_SIZE) {
            specs.clear();
        }
        return specs.computeIfAbsent(job.getId(), id -> codec.read(job.getSpecJson()));
    }

    /**
     * Jobs newest first, filtered by status (any of), exact image reference and owner when given
     * (null: any).
     */
    public Page<Job> list(Collection<JobStatus> statuses, String image, String owner, int page, int size) {
        boolean byStatus = statuses != null && !statuses.isEmpty();
        Specification<Job> filter = (root, query, where) -> {
            List<Predicate> conditions = new ArrayList<>();
            if (byStatus) {
                conditions.add(root.get("status").in(statuses));
            }
            if (image != null) {
                conditions.add(where.equal(root.get("image"), image));
            }
            if (owner != null) {
                conditions.add(where.equal(root.get("owner"), owner));
            }
            return where.and(conditions.toArray(Predicate[]::new));
        };
        return jobs.findAll(filter, PageRequest.of(page, size, NEWEST_FIRST));
    }

    /**
     * Cancels a job: a queued one at once; a running one is marked, its containers removed and its
     * worker interrupted (directly when it runs here, within a poll interval on another instance).
     * Waits up to {@code wait} for the job to end and returns it as it then is.
     *
     * @throws JobStateException when the job already ended otherwise than canceled
     */
    public Job cancel(String id, Duration wait) {
        get(id);
        Instant now = Instant.now();
        if (queue.cancelQueued(id, now)) {
            note(id, "Canceled by request before it started");
            return get(id);
        }
        if (queue.requestCancel(id, now)) {
            executor.cancelIfRunningHere(id);
            Job ended = awaitEnd(id, wait);
            // the worker removes them too, after it committed CANCELED: the answer waits for it
            removeContainersQuietly(id, ended.getDockerHost());
            return ended;
        }
        Job job = get(id);
        if (job.getStatus() == JobStatus.CANCELED) {
            return job;
        }
        throw new JobStateException("job " + id + " already ended as " + job.getStatus()
                + "; there is nothing to cancel");
    }

    /**
     * Ends the observation of a running job whose stop mode is {@code WHEN_TOLD} (for other modes
     * it has no effect); the job then goes on to build the slim image. Returns the job.
     *
     * @throws JobStateException when the job is not running
     */
    public Job endObservation(String id) {
        Job job = get(id);
        if (!queue.requestObservationEnd(id, Instant.now())) {
            throw new JobStateException("job " + id + " is " + get(id).getStatus()
                    + "; only a running job can be told to end its observation");
        }
        executor.endObservationIfRunningHere(id);
        return job.getStatus() == JobStatus.RUNNING ? get(id) : job;
    }

    /**
     * Deletes a finished job with its log and artifacts, and with {@code deleteImage} its slim
     * image. A queued or running job must be canceled first.
     */
    public void delete(String id, boolean deleteImage) {
        Job job = get(id);
        if (!job.getStatus().isTerminal()) {
            throw new JobStateException("job " + id + " is " + job.getStatus() + "; cancel it before deleting it");
        }
        if (deleteImage) {
            removeSlimImage(job);
        }
        // its log, artifacts and their chunks go with it (ON DELETE CASCADE)
        if (!queue.deleteFinished(id)) {
            throw new JobNotFoundException(id);
        }
    }

    /**
     * Writes the job's log to {@code out}; with {@code follow}, keeps writing new lines until the
     * job ends (or {@code followLimit} passes, or the client goes away), pushing each batch to the
     * client through {@code flush}.
     */
    public void writeLog(String id, boolean follow, OutputStream out, Flushable flush, Duration pollInterval,
            Duration followLimit) throws IOException {
        Instant deadline = Instant.now().plus(followLimit);
        long after = 0;
        while (true) {
            // status first: a job's last lines are committed before its final status
            List<JobQueue.IdAndStatus> status = queue.statuses(List.of(id));
            boolean ended = !follow || status.isEmpty() || status.get(0).status().isTerminal();
            List<LogLine> lines;
            do {
                lines = logs.after(id, after, LOG_BATCH);
                for (LogLine line : lines) {
                    out.write(line.render().getBytes(StandardCharsets.UTF_8));
                    after = line.seq();
                }
            } while (lines.size() == LOG_BATCH);
            out.flush();
            flush.flush();
            if (ended || Instant.now().isAfter(deadline)) {
                return;
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public List<StoredArtifact> storedArtifacts(String id) {
        return artifacts.list(id);
    }

    public Optional<StoredArtifact> storedArtifact(String id, String name) {
        return artifacts.find(id, name);
    }

    public InputStream openStoredArtifact(String id, String name) throws IOException {
        return artifacts.open(id, name);
    }

    /** Removes the job's slim image from its daemon, when the daemon still has it. */
    void removeSlimImage(Job job) {
        slimImageReference(job)
                .ifPresent(reference -> daemons.on(job.getDockerHost()).image().remove(reference, false));
    }

    /** The name to save or remove the job's slim image by, when the daemon still has it. */
    public Optional<String> slimImageReference(Job job) {
        if (job.getStatus() != JobStatus.SUCCEEDED || job.getSlimImage() == null) {
            return Optional.empty();
        }
        DockerApi docker = daemons.on(job.getDockerHost());
        Optional<ImageDetails> tagged = docker.image().inspect(job.getSlimImage());
        if (tagged.isPresent()
                && (job.getSlimImageId() == null || sameImage(tagged.get().id(), job.getSlimImageId()))) {
            return Optional.of(job.getSlimImage());
        }
        // the tag moved on to a newer image: the job's own image is known by its id alone, if still there
        if (job.getSlimImageId() != null && docker.image().inspect(job.getSlimImageId()).isPresent()) {
            return Optional.of(job.getSlimImageId());
        }
        return Optional.empty();
    }

    /** {@code docker save} of the slim image, streamed from the daemon; the caller closes it. */
    public InputStream saveSlimImage(Job job, String reference) {
        return daemons.on(job.getDockerHost()).image().save(reference);
    }

    /** Image ids as the daemon reports them ({@code sha256:<64 hex>}) or a build printed them (12 hex). */
    static boolean sameImage(String a, String b) {
        String x = a.startsWith("sha256:") ? a.substring(7) : a;
        String y = b.startsWith("sha256:") ? b.substring(7) : b;
        return !x.isEmpty() && !y.isEmpty() && (x.startsWith(y) || y.startsWith(x));
    }

    private Submission replay(Job earlier, String hash) {
        if (!earlier.getRequestHash().equals(hash)) {
            throw new IdempotencyKeyReusedException(earlier.getId());
        }
        return new Submission(earlier, false);
    }

    private Job awaitEnd(String id, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        Job job = get(id);
        while (!job.getStatus().isTerminal() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            job = get(id);
        }
        return job;
    }

    private void removeContainersQuietly(String id, String host) {
        try {
            daemons.removeLeftovers(id, host);
        } catch (RuntimeException e) {
            log.warn("Could not remove the containers of job {} on cancel: {}", id, e.getMessage());
        }
    }

    private void note(String id, String text) {
        logs.append(id, List.of(new LogLine(logs.lastSeq(id) + 1, Instant.now(), text)));
    }
}
