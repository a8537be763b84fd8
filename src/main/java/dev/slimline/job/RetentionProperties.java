package dev.slimline.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long finished jobs keep what they made ({@code slimline.retention.*}).
 *
 * @param finishedJobs a job that finished longer ago than this loses its artifacts and log (it
 *     stays listed, {@code expired: true})
 * @param removeImages whether the slim image of such a job is removed from its daemon too
 * @param checkInterval how often expired jobs are looked for
 */
@ConfigurationProperties("slimline.retention")
record RetentionProperties(
        @DefaultValue("30d") Duration finishedJobs,
        @DefaultValue("false") boolean removeImages,
        @DefaultValue("1h") Duration checkInterval) {

    RetentionProperties {
        if (finishedJobs.isNegative() || finishedJobs.isZero()) {
            throw new IllegalArgumentException("slimline.retention.finished-jobs must be positive");
        }
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("slimline.retention.check-interval must be positive");
        }
    }
}
