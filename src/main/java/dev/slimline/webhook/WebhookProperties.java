package dev.slimline.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Jobs' webhooks ({@code slimline.webhooks.*}).
 *
 * @param allowPrivate whether webhook URLs may name loopback, link-local and private addresses
 *        (off: such a URL is refused at submit and not called at delivery)
 * @param pollInterval how often job changes and due deliveries are looked for
 * @param initialBackoff the wait before the first retry; each later one waits twice as long
 * @param maxBackoff the longest wait between two attempts
 * @param retryFor how long after its event a delivery is retried at most
 * @param connectTimeout how long a receiver may take to accept the connection
 * @param requestTimeout how long a receiver may take to answer
 * @param concurrency deliveries this instance sends at once
 */
@ConfigurationProperties("slimline.webhooks")
public record WebhookProperties(
        @DefaultValue("false") boolean allowPrivate,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("5s") Duration initialBackoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("24h") Duration retryFor,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("4") int concurrency) {

    /** The wait after failed attempt number {@code attempt} (1 for the first). */
    Duration backoff(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
