package dev.slimline.console;

import dev.slimline.job.Job;
import dev.slimline.job.JobStatus;
import java.time.Instant;

/** One line of the jobs list. */
record JobRow(String id, JobStatus status, String phase, String image, String owner, String originalSize,
        String slimSize, String duration, String created) {

    static JobRow of(Job job, Instant now) {
        return new JobRow(job.getId(), job.getStatus(),
                job.getStatus() == JobStatus.RUNNING && job.getPhase() != null ? job.getPhase().name() : "",
                job.getImage(), job.getOwner(), Formats.bytes(job.getOriginalSizeBytes()),
                Formats.bytes(job.getSlimSizeBytes()), Formats.duration(job.getStartedAt(), job.getFinishedAt(), now),
                Formats.time(job.getCreatedAt()));
    }

    boolean live() {
        return !status.isTerminal();
    }
}
