package dev.slimline.webhook;

/** The job as the API shows it, as JSON: the body of a delivery. Implemented where the API's view lives. */
public interface JobViewRenderer {

    String render(String jobId);
}
