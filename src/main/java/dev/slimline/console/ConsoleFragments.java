package dev.slimline.console;

import dev.slimline.artifact.StoredArtifact;
import dev.slimline.auth.Caller;
import dev.slimline.auth.Role;
import dev.slimline.inventory.InventorySummary;
import dev.slimline.job.Job;
import dev.slimline.job.JobArtifacts;
import dev.slimline.job.JobService;
import dev.slimline.job.JobStatus;
import dev.slimline.pipeline.SlimSpec;
import dev.slimline.webhook.WebhookEvent;
import dev.slimline.webhook.WebhookView;
import dev.slimline.webhook.Webhooks;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JacksonException;

/**
 * The HTML fragments the console's pages load with htmx. They need a token like the API
 * (the auth filter lets no request here through without one when tokens are on) and check the same
 * roles and ownership as the API's operations.
 */
@Controller
@RequestMapping(path = "/console/fragments", produces = MediaType.TEXT_HTML_VALUE)
class ConsoleFragments {

    static final int PAGE_SIZE = 20;
    private static final String REPORT = "report.json";
    private static final String DIFF = "diff.json";
    private static final Logger log = LoggerFactory.getLogger(ConsoleFragments.class);

    private final JobService jobs;
    private final Webhooks webhooks;

    ConsoleFragments(JobService jobs, Webhooks webhooks) {
        this.jobs = jobs;
        this.webhooks = webhooks;
    }

    @ModelAttribute
    void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }

    /** Who the token belongs to, and the link to the submit form when it may submit. */
    @GetMapping("/caller")
    String caller(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, Model model) {
        model.addAttribute("caller", caller);
        model.addAttribute("roles", caller.roles().stream().sorted().map(Role::name).toList());
        model.addAttribute("maySubmit", caller.has(Role.SUBMIT));
        return "console/fragments :: caller";
    }

    @GetMapping("/jobs")
    String jobs(@RequestParam(required = false) String status, @RequestParam(required = false) String image,
            @RequestParam(defaultValue = "0") int page, @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            Model model) {
        caller.require(Role.READ);
        JobStatus wanted = status == null || status.isBlank() ? null : parseStatus(status);
        String imageFilter = image == null || image.isBlank() ? null : image.strip();
        int pageNumber = Math.max(0, Math.min(page, 1_000_000));
        Page<Job> found = jobs.list(wanted == null ? List.of() : List.of(wanted), imageFilter, caller.jobScope(),
                pageNumber, PAGE_SIZE);
        Instant now = Instant.now();
        List<JobRow> rows = found.getContent().stream().map(job -> JobRow.of(job, now)).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("status", wanted == null ? "" : wanted.name());
        model.addAttribute("image", imageFilter == null ? "" : imageFilter);
        model.addAttribute("page", pageNumber);
        model.addAttribute("totalPages", found.getTotalPages());
        model.addAttribute("totalItems", found.getTotalElements());
        model.addAttribute("live", rows.stream().anyMatch(JobRow::live));
        return "console/fragments :: jobs";
    }

    @GetMapping("/jobs/{id}")
    String job(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller, Model model) {
        caller.require(Role.READ);
        return detail(jobs.get(id, caller.jobScope()), caller, model);
    }

    /** Cancels the job (without waiting for a running one to stop: the page refreshes) and shows it. */
    @PostMapping("/jobs/{id}/cancel")
    String cancel(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller, Model model) {
        caller.require(Role.SUBMIT);
        jobs.get(id, caller.jobScope());
        return detail(jobs.cancel(id, Duration.ZERO), caller, model);
    }

    @PostMapping("/jobs/{id}/end-observation")
    String endObservation(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            Model model) {
        caller.require(Role.SUBMIT);
        jobs.get(id, caller.jobScope());
        return detail(jobs.endObservation(id), caller, model);
    }

    /** The submit form, or why this token sees none. */
    @GetMapping("/submit-form")
    String submitForm(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, Model model) {
        model.addAttribute("maySubmit", caller.has(Role.SUBMIT));
        model.addAttribute("caller", caller);
        model.addAttribute("stopModes", SlimSpec.StopMode.values());
        model.addAttribute("pullPolicies", SlimSpec.PullPolicy.values());
        model.addAttribute("webhookEvents", WebhookEvent.values());
        return "console/fragments :: submit-form";
    }

    private String detail(Job job, Caller caller, Model model) {
        Instant now = Instant.now();
        ReportFacts report = report(job);
        SizeChart sizes = job.getSlimSizeBytes() == null || job.getOriginalSizeBytes() == null ? null
                : SizeChart.of(job.getOriginalSizeBytes(), job.getSlimSizeBytes());
        boolean running = job.getStatus() == JobStatus.RUNNING;
        boolean maySubmit = caller.has(Role.SUBMIT);
        boolean whenTold = jobs.specOf(job).probes().stop() == SlimSpec.StopMode.WHEN_TOLD;
        WebhookView webhook = webhooks.view(job.getId()).orElse(null);
        // the page goes on refreshing while the webhook still has something to send
        boolean sending = webhook != null && webhook.deliveries().stream().anyMatch(d -> "PENDING".equals(d.status()));
        model.addAttribute("webhook", webhook);
        model.addAttribute("d", new JobDetail(job, Formats.time(job.getCreatedAt()),
                Formats.time(job.getStartedAt()), Formats.time(job.getFinishedAt()),
                Formats.duration(job.getStartedAt(), job.getFinishedAt(), now), sizes,
                PhaseStep.timeline(job.getStatus(), job.getPhase(), job.getErrorPhase(), report.phaseMillis()),
                report, job.getStatus().isTerminal() ? inventory(job) : null,
                job.getStatus().isTerminal() ? artifacts(job) : List.of(),
                !job.getStatus().isTerminal() || sending,
                maySubmit && !job.getStatus().isTerminal() && !job.isCancelRequested(),
                maySubmit && running && whenTold && !job.isObservationEndRequested()));
        return "console/fragments :: job";
    }

    private List<JobDetail.Artifact> artifacts(Job job) {
        String base = "/api/v1/jobs/" + job.getId() + "/artifacts/";
        List<JobDetail.Artifact> out = new ArrayList<>();
        for (StoredArtifact stored : jobs.storedArtifacts(job.getId())) {
            out.add(new JobDetail.Artifact(stored.name(), Formats.bytes(stored.sizeBytes()), base + stored.name()));
        }
        out.add(new JobDetail.Artifact(JobArtifacts.LOGS, "", base + JobArtifacts.LOGS));
        if (jobs.slimImageReference(job).isPresent()) {
            out.add(new JobDetail.Artifact(JobArtifacts.IMAGE, "", base + JobArtifacts.IMAGE));
        }
        return out;
    }

    /** The report's facts once the job has one; none while it runs or when it failed before writing it. */
    private ReportFacts report(Job job) {
        Optional<StoredArtifact> stored = job.getStatus().isTerminal() ? jobs.storedArtifact(job.getId(), REPORT)
                : Optional.empty();
        if (stored.isEmpty()) {
            return ReportFacts.NONE;
        }
        try (InputStream in = jobs.openStoredArtifact(job.getId(), REPORT)) {
            return ReportFacts.read(in);
        } catch (IOException e) {
            log.warn("Could not read report.json of job {}: {}", job.getId(), e.getMessage());
            return ReportFacts.NONE;
        }
    }

    /** The charts of the ended job's inventory, or why there are none. */
    private InventoryCharts inventory(Job job) {
        InventorySummary summary = null;
        try {
            summary = job.getInventorySummary();
        } catch (JacksonException e) {
            log.warn("Could not read the inventory summary of job {}: {}", job.getId(), e.getOriginalMessage());
        }
        DiffFacts diff = null;
        if (summary != null && jobs.storedArtifact(job.getId(), DIFF).isPresent()) {
            try (InputStream in = jobs.openStoredArtifact(job.getId(), DIFF)) {
                diff = DiffFacts.read(in);
            } catch (IOException e) {
                log.warn("Could not read diff.json of job {}: {}", job.getId(), e.getMessage());
            }
        }
        return InventoryCharts.of(job.getStatus(), job.getErrorPhase(), summary, diff);
    }

    private static JobStatus parseStatus(String status) {
        try {
            return JobStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
