package dev.slimline.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A job's webhook as the API shows it: never its secret.
 *
 * @param deliveries oldest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookView(String url, List<WebhookEvent> events, List<Delivery> deliveries) {

    /**
     * One event sent (or being sent) to the webhook.
     *
     * @param id the {@code webhook-id} it is sent with
     * @param status {@code PENDING} (to be tried, again), {@code DELIVERED} or {@code FAILED} (given up)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delivery(String id, WebhookEvent event, String status, Instant createdAt, Instant nextAttemptAt,
            List<Attempt> attempts) {
    }

    /**
     * One try.
     *
     * @param statusCode the receiver's HTTP status; null when it gave none (refused, timed out)
     * @param error why the attempt did not deliver; null when it did
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(int attempt, Instant at, Integer statusCode, String error, long millis) {
    }
}
