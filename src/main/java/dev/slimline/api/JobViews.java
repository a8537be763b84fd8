package dev.slimline.api;

import dev.slimline.job.Job;
import dev.slimline.job.JobService;
import dev.slimline.webhook.JobViewRenderer;
import dev.slimline.webhook.Webhooks;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Jobs as the API shows them: for its responses, and as the body of webhook deliveries. */
@Component
class JobViews implements JobViewRenderer {

    private final JobService jobs;
    private final Webhooks webhooks;
    private final JsonMapper json;

    JobViews(JobService jobs, Webhooks webhooks, JsonMapper json) {
        this.jobs = jobs;
        this.webhooks = webhooks;
        this.json = json;
    }

    JobView view(Job job) {
        return JobView.of(job, JobRequest.from(jobs.specOf(job)), webhooks.view(job.getId()).orElse(null));
    }

    /** The job without its webhook's deliveries: they would only be out of date at the receiver. */
    @Override
    public String render(String jobId) {
        Job job = jobs.get(jobId);
        return json.writeValueAsString(JobView.of(job, JobRequest.from(jobs.specOf(job)), null));
    }
}
