package dev.slimline.console;

import dev.slimline.job.Job;
import dev.slimline.job.JobStatus;
import java.util.List;

/**
 * Everything the job page shows of one job.
 *
 * @param sizes null until the job has a slim image
 * @param inventory null until the job ends
 * @param live whether the page should keep refreshing it (the job has not ended, or its webhook has
 *        deliveries to send)
 */
record JobDetail(Job job, String created, String started, String finished, String duration, SizeChart sizes,
        List<PhaseStep> phases, ReportFacts report, InventoryCharts inventory, List<Artifact> artifacts,
        boolean live, boolean canCancel, boolean canEndObservation) {

    /** A download: the API's artifact path. */
    record Artifact(String name, String size, String href) {
    }

    public JobStatus status() {
        return job.getStatus();
    }
}
