package dev.slimline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookDispatcherTest {

    private static final List<WebhookEvent> ALL = List.of(WebhookEvent.values());

    @Test
    void aJobThatRanAndEndedBetweenTwoLooksIsToldItRanAndHowItEnded() {
        assertThat(WebhookDispatcher.events(new WebhookStore.Change("j", ALL, JobStatus.QUEUED, JobStatus.SUCCEEDED,
                Instant.now()))).containsExactly(WebhookEvent.RUNNING, WebhookEvent.SUCCEEDED);
    }

    @Test
    void aJobCanceledBeforeItRanNeverRan() {
        assertThat(WebhookDispatcher.events(new WebhookStore.Change("j", ALL, JobStatus.QUEUED, JobStatus.CANCELED,
                null))).containsExactly(WebhookEvent.CANCELED);
    }

    @Test
    void onlyTheWantedEventsAndNoneForAJobQueuedAgain() {
        assertThat(WebhookDispatcher.events(new WebhookStore.Change("j", WebhookEvent.DEFAULT, JobStatus.QUEUED,
                JobStatus.RUNNING, Instant.now()))).isEmpty();
        assertThat(WebhookDispatcher.events(new WebhookStore.Change("j", ALL, JobStatus.RUNNING, JobStatus.QUEUED,
                null))).isEmpty();
        assertThat(WebhookDispatcher.events(new WebhookStore.Change("j", List.of(WebhookEvent.FAILED),
                JobStatus.RUNNING, JobStatus.FAILED, Instant.now()))).containsExactly(WebhookEvent.FAILED);
    }

    @Test
    void theWaitDoublesFromTheInitialBackoffUpToTheLongest() {
        WebhookProperties properties = new WebhookProperties(false, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMinutes(1), Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofSeconds(10), 4);
        assertThat(List.of(1, 2, 3, 4, 5, 100)).map(properties::backoff).containsExactly(Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofMinutes(1),
                Duration.ofMinutes(1));
    }
}
