package dev.slimline.api;

import dev.slimline.artifact.StoredArtifact;
import dev.slimline.auth.Caller;
import dev.slimline.auth.Role;
import dev.slimline.auth.TokenStore;
import dev.slimline.job.Job;
import dev.slimline.job.JobArtifacts;
import dev.slimline.job.JobService;
import dev.slimline.job.JobStatus;
import dev.slimline.pipeline.SlimSpec;
import dev.slimline.webhook.Webhooks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.data.domain.Page;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The jobs API; {@code openapi.yaml} at the repository root is its contract. Every operation
 * checks the caller's role first (403), then that the job is the caller's own unless the caller is
 * an admin (404 otherwise, as for a job that does not exist).
 */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final JobService jobs;
    private final ApiProperties properties;
    private final JobViews views;
    private final Webhooks webhooks;
    private final TransactionTemplate tx;

    JobController(JobService jobs, ApiProperties properties, JobViews views, Webhooks webhooks,
            PlatformTransactionManager transactions) {
        this.jobs = jobs;
        this.properties = properties;
        this.views = views;
        this.webhooks = webhooks;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Queues a job: 202 with the new job. With an {@code Idempotency-Key}, a retry with the same
     * specification answers 200 with the job the key created; another specification, 422.
     */
    @PostMapping(consumes = JSON, produces = JSON)
    ResponseEntity<JobView> submit(@Valid @RequestBody JobRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.SUBMIT);
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new InvalidRequestException("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
        }
        SlimSpec spec = request.toSpec();
        JobRequest.Notify notify = request.notification();
        if (notify != null) {
            FieldProblem shape = JobRequest.webhookProblem(notify);
            if (shape != null) {
                throw new InvalidRequestException(shape.field(), shape.message());
            }
            webhooks.urlProblem(notify.url()).ifPresent(problem -> {
                throw new InvalidRequestException("notify.url", problem);
            });
            webhooks.secretProblem(notify.secret()).ifPresent(problem -> {
                throw new InvalidRequestException("notify.secret", problem);
            });
        }
        // a job and its webhook commit together: no job exists without the webhook it came with
        JobService.Submission submission = notify == null ? jobs.submit(spec, idempotencyKey, caller.name())
                : tx.execute(status -> {
                    JobService.Submission submitted = jobs.submit(spec, idempotencyKey, caller.name());
                    if (submitted.created()) {
                        webhooks.register(submitted.job().getId(), notify.url(), notify.secret(), notify.events());
                    }
                    return submitted;
                });
        Job job = submission.job();
        return ResponseEntity.status(submission.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create(JobView.path(job.getId()))).body(view(job));
    }

    /** Jobs newest first: an admin's listing has everyone's (or one {@code owner}'s), anyone else's their own. */
    @GetMapping(produces = JSON)
    JobPage list(HttpServletRequest request, @RequestParam(required = false) String image,
            @RequestParam(required = false) String owner, @RequestParam(defaultValue = "0") int page,
            @RequestParam(required = false) Integer size, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.READ);
        int pageSize = size == null ? properties.defaultPageSize() : size;
        if (page < 0 || page > 1_000_000) {
            throw new InvalidRequestException("page", "must be between 0 and 1000000");
        }
        if (pageSize < 1 || pageSize > properties.maxPageSize()) {
            throw new InvalidRequestException("size", "must be between 1 and " + properties.maxPageSize());
        }
        if (image != null && !ImageReferences.isReference(image)) {
            throw new InvalidRequestException("image", "must be a Docker image reference");
        }
        if (owner != null && !TokenStore.NAME.matcher(owner).matches() && !owner.equals(Caller.ANONYMOUS)) {
            throw new InvalidRequestException("owner", "must be a token name");
        }
        String scope = caller.jobScope();
        if (scope != null && owner != null && !owner.equals(scope)) {
            return new JobPage(List.of(), page, pageSize, 0, 0);
        }
        // status is read as sent: Spring's conversion to a list trims control characters, so
        // "status=%00" would arrive empty and list every job
        Page<Job> found = jobs.list(statuses(request.getParameterValues("status")), image,
                scope != null ? scope : owner, page, pageSize);
        return new JobPage(found.getContent().stream().map(this::view).toList(), page, pageSize,
                found.getTotalElements(), found.getTotalPages());
    }

    @GetMapping(path = "/{id}", produces = JSON)
    JobView get(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.READ);
        return view(jobs.get(id, caller.jobScope()));
    }

    /** The job's log as text; with {@code follow=true} the response goes on until the job ends. */
    @GetMapping(path = "/{id}/logs", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<StreamingResponseBody> logs(@PathVariable String id,
            @RequestParam(defaultValue = "false") boolean follow, HttpServletResponse response,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.READ);
        jobs.get(id, caller.jobScope());
        // Spring 7 hands StreamingResponseBody a stream whose flush() does nothing: flush the response itself
        StreamingResponseBody body = out -> jobs.writeLog(id, follow, out, response::flushBuffer,
                properties.logPollInterval(), properties.streamTimeout());
        return ResponseEntity.ok().contentType(mediaType(JobArtifacts.LOGS))
                .header("Cache-Control", "no-store").header("X-Accel-Buffering", "no").body(body);
    }

    /**
     * Cancels the job. 200 with the job once it is CANCELED (a queued job at once); 202 while a
     * running job is still being stopped; 409 when it already ended otherwise.
     */
    @PostMapping(path = "/{id}/cancel", produces = JSON)
    ResponseEntity<JobView> cancel(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.SUBMIT);
        jobs.get(id, caller.jobScope());
        Job job = jobs.cancel(id, properties.cancelWait());
        return ResponseEntity.status(job.getStatus().isTerminal() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(view(job));
    }

    /** Ends the observation of a running job with stop mode WHEN_TOLD: 202 with the job; 409 if it is not running. */
    @PostMapping(path = "/{id}/end-observation", produces = JSON)
    ResponseEntity<JobView> endObservation(@PathVariable String id,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.SUBMIT);
        jobs.get(id, caller.jobScope());
        return ResponseEntity.accepted().body(view(jobs.endObservation(id)));
    }

    /** Deletes a finished job with its log and artifacts (and its slim image with {@code deleteImage=true}). */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, @RequestParam(defaultValue = "false") boolean deleteImage,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.SUBMIT);
        jobs.get(id, caller.jobScope());
        jobs.delete(id, deleteImage);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/{id}/artifacts", produces = JSON)
    ArtifactList artifacts(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.READ);
        Job job = jobs.get(id, caller.jobScope());
        String base = JobView.path(id) + "/artifacts/";
        List<ArtifactList.Artifact> out = new ArrayList<>();
        for (StoredArtifact stored : jobs.storedArtifacts(id)) {
            out.add(new ArtifactList.Artifact(stored.name(), stored.sizeBytes(), mediaType(stored.name()).toString(),
                    base + stored.name()));
        }
        out.add(new ArtifactList.Artifact(JobArtifacts.LOGS, null, MediaType.TEXT_PLAIN_VALUE,
                base + JobArtifacts.LOGS));
        if (jobs.slimImageReference(job).isPresent()) {
            out.add(new ArtifactList.Artifact(JobArtifacts.IMAGE, null, mediaType(JobArtifacts.IMAGE).toString(),
                    base + JobArtifacts.IMAGE));
        }
        return new ArtifactList(out);
    }

    /** One artifact; {@code image.tar} is streamed from the daemon as {@code docker save} writes it. */
    @GetMapping("/{id}/artifacts/{name}")
    ResponseEntity<StreamingResponseBody> artifact(@PathVariable String id, @PathVariable String name,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.READ);
        Job job = jobs.get(id, caller.jobScope());
        var response = ResponseEntity.ok().header("Content-Disposition",
                ContentDisposition.attachment().filename(name).build().toString());
        if (JobArtifacts.LOGS.equals(name)) {
            return response.contentType(mediaType(name))
                    .body(out -> jobs.writeLog(id, false, out, () -> { }, properties.logPollInterval(),
                            properties.streamTimeout()));
        }
        if (JobArtifacts.IMAGE.equals(name)) {
            String reference = jobs.slimImageReference(job).orElseThrow(() -> new ArtifactNotFoundException(id, name,
                    job.getStatus() == JobStatus.SUCCEEDED ? "the slim image is no longer on the Docker daemon"
                            : "the job has no slim image (it is " + job.getStatus() + ")"));
            return response.contentType(mediaType(name)).body(out -> {
                try (InputStream tar = jobs.saveSlimImage(job, reference)) {
                    tar.transferTo(out);
                }
            });
        }
        StoredArtifact stored = jobs.storedArtifact(id, name)
                .orElseThrow(() -> new ArtifactNotFoundException(id, name, "the job has no such artifact"));
        return response.contentType(mediaType(name)).contentLength(stored.sizeBytes()).body(out -> {
            try (InputStream in = jobs.openStoredArtifact(id, name)) {
                in.transferTo(out);
            }
        });
    }

    private JobView view(Job job) {
        return views.view(job);
    }

    private static Set<JobStatus> statuses(String[] values) {
        Set<JobStatus> out = new LinkedHashSet<>();
        if (values == null) {
            return out;
        }
        for (String value : values) {
            for (String part : value.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    out.add(JobStatus.valueOf(part.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("status",
                            "must be one of " + Arrays.toString(JobStatus.values()));
                }
            }
        }
        return out;
    }

    static MediaType mediaType(String name) {
        if (name.endsWith(".json")) {
            return MediaType.APPLICATION_JSON;
        }
        if (name.endsWith(".tar")) {
            return MediaType.parseMediaType("application/x-tar");
        }
        return new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);
    }
}
