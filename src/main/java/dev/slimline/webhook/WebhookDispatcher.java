package dev.slimline.webhook;

import dev.slimline.job.CredentialVault;
import dev.slimline.job.ExecutorProperties;
import dev.slimline.job.JobStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends jobs' webhooks, on every instance. It looks for jobs whose status moved on and queues a
 * delivery for each event the webhook wants (in the database, in the transaction that marks the
 * change seen), then sends due deliveries: POST of the job view with the Standard Webhooks headers.
 * A 5xx, a timeout or a refused connection is tried again after an exponentially growing wait, for
 * up to {@code retry-for} after the event; any other answer but 2xx gives up at once.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration CLAIM_MARGIN = Duration.ofSeconds(30);
    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";

    private final WebhookStore store;
    private final WebhookProperties properties;
    private final CredentialVault vault;
    private final JobViewRenderer views;
    private final TransactionTemplate tx;
    private final String instanceId;
    private final HttpClient http;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile ScheduledExecutorService scheduler;
    private volatile ExecutorService senders;

    WebhookDispatcher(WebhookStore store, WebhookProperties properties, CredentialVault vault, JobViewRenderer views,
            PlatformTransactionManager transactions, ExecutorProperties executor) {
        this.store = store;
        this.properties = properties;
        this.vault = vault;
        this.views = views;
        this.tx = new TransactionTemplate(transactions);
        this.instanceId = executor.instanceId();
        // no redirects: a redirect could lead to an address the target check refuses
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public synchronized void start() {
        senders = Executors.newFixedThreadPool(Math.max(1, properties.concurrency()), threads("slimline-webhook-"));
        scheduler = Executors.newSingleThreadScheduledExecutor(threads("slimline-webhooks-"));
        scheduler.scheduleWithFixedDelay(this::tick, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory threads(String prefix) {
        CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
        factory.setDaemon(true);
        return factory;
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        // a delivery cut short keeps its claim until it runs out; then any instance sends it again
        senders.shutdownNow();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    private void tick() {
        try {
            queueChanges(Instant.now());
            sendDue(Instant.now());
        } catch (RuntimeException e) {
            log.warn("Could not look for webhook deliveries: {}", e.getMessage());
        }
    }

    /** Queues a delivery for each wanted event of each job whose status moved on. */
    private void queueChanges(Instant now) {
        for (WebhookStore.Change change : store.changes()) {
            try {
                tx.executeWithoutResult(status -> {
                    if (!store.advance(change)) {
                        return;
                    }
                    for (WebhookEvent event : events(change)) {
                        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
                        store.enqueue(id, change.jobId(), event, views.render(change.jobId()), now);
                    }
                });
            } catch (RuntimeException e) {
                // rolled back: looked at again next time, without holding up the other jobs' changes
                log.warn("Could not queue the webhook deliveries of job {}: {}", change.jobId(), e.getMessage());
            }
        }
    }

    /** The events a change means: a job that ran and ended between two looks also started running. */
    static List<WebhookEvent> events(WebhookStore.Change change) {
        List<WebhookEvent> out = new ArrayList<>();
        boolean ranUnseen = change.from() == JobStatus.QUEUED && change.to().isTerminal()
                && change.startedAt() != null;
        if (ranUnseen && change.events().contains(WebhookEvent.RUNNING)) {
            out.add(WebhookEvent.RUNNING);
        }
        WebhookEvent event = WebhookEvent.of(change.to());
        if (event != null && change.events().contains(event)) {
            out.add(event);
        }
        return out;
    }

    private void sendDue(Instant now) {
        int free = Math.max(1, properties.concurrency()) - inFlight.get();
        if (free <= 0) {
            return;
        }
        Instant until = now.plus(properties.connectTimeout()).plus(properties.requestTimeout()).plus(CLAIM_MARGIN);
        List<WebhookStore.Due> claimed = tx.execute(status -> {
            List<WebhookStore.Due> out = new ArrayList<>();
            for (String id : store.lockDue(now, free)) {
                store.claim(id, instanceId, until).ifPresent(out::add);
            }
            return out;
        });
        for (WebhookStore.Due due : claimed) {
            inFlight.incrementAndGet();
            senders.execute(() -> {
                try {
                    deliver(due);
                } catch (RuntimeException e) {
                    log.warn("Webhook delivery {} of job {} failed unexpectedly: {}", due.id(), due.jobId(),
                            e.getMessage());
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        }
    }

    /** One attempt at one delivery, recorded with what follows from it. */
    private void deliver(WebhookStore.Due due) {
        attempt(due);
        store.forgetSecretIfDone(due.jobId());
    }

    private void attempt(WebhookStore.Due due) {
        int attempt = due.attempts() + 1;
        Instant started = Instant.now();
        Optional<String> refused = WebhookTargets.problem(due.url(), properties.allowPrivate());
        if (refused.isPresent()) {
            store.recordAttempt(due.id(), attempt, started, null, "not sent: the URL " + refused.get(), 0, FAILED, null);
            return;
        }
        String secret;
        try {
            secret = vault.openSecret(due.jobId(), Webhooks.SECRET_PURPOSE, due.sealedSecret());
        } catch (RuntimeException e) {
            store.recordAttempt(due.id(), attempt, started, null, "not sent: " + e.getMessage(), 0, FAILED, null);
            return;
        }
        long timestamp = started.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(due.url())).timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Slimline-Webhooks")
                .header("webhook-id", due.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.sign(secret, due.id(), timestamp, due.body()))
                .POST(HttpRequest.BodyPublishers.ofString(due.body(), StandardCharsets.UTF_8)).build();
        Integer statusCode = null;
        String error;
        boolean retry;
        try {
            statusCode = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            retry = statusCode >= 500;
            error = statusCode >= 200 && statusCode < 300 ? null : "the receiver answered " + statusCode;
        } catch (HttpConnectTimeoutException e) {
            retry = true;
            error = "the connection timed out after " + properties.connectTimeout().toMillis() + " ms";
        } catch (HttpTimeoutException e) {
            retry = true;
            error = "no answer within " + properties.requestTimeout().toMillis() + " ms";
        } catch (ConnectException e) {
            retry = true;
            error = "the connection was refused" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (IOException e) {
            retry = true;
            error = "the request failed: " + e;
        } catch (InterruptedException e) {
            // shutting down: the claim runs out and the delivery is sent again, by any instance
            Thread.currentThread().interrupt();
            return;
        }
        long millis = Duration.between(started, Instant.now()).toMillis();
        Instant next = Instant.now().plus(properties.backoff(attempt));
        if (error == null) {
            store.recordAttempt(due.id(), attempt, started, statusCode, null, millis, DELIVERED, null);
        } else if (retry && !next.isAfter(due.createdAt().plus(properties.retryFor()))) {
            store.recordAttempt(due.id(), attempt, started, statusCode, error, millis, PENDING, next);
        } else {
            String why = retry ? error + "; given up after " + attempt + " attempts" : error;
            store.recordAttempt(due.id(), attempt, started, statusCode, why, millis, FAILED, null);
        }
    }
}
