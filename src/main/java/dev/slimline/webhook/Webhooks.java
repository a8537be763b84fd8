package dev.slimline.webhook;

import dev.slimline.job.CredentialVault;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** A job's webhook: checked and registered at submit, shown with its deliveries in the job. */
@Service
public class Webhooks {

    /** The associated data the secret is sealed under, beside the job's id. */
    static final String SECRET_PURPOSE = "webhook secret";

    private final WebhookStore store;
    private final CredentialVault vault;
    private final WebhookProperties properties;

    Webhooks(WebhookStore store, CredentialVault vault, WebhookProperties properties) {
        this.store = store;
        this.vault = vault;
        this.properties = properties;
    }

    /** What is wrong with {@code url} as a webhook target, or empty when it may be called. */
    public Optional<String> urlProblem(String url) {
        return WebhookTargets.problem(url, properties.allowPrivate());
    }

    /** What is wrong with {@code secret} as a signing secret, or empty when it will do. */
    public Optional<String> secretProblem(String secret) {
        return Optional.ofNullable(WebhookSignature.problem(secret));
    }

    /**
     * Gives the job a webhook, its secret sealed. Call it in the transaction that inserts the job, so
     * that a job never exists without the webhook it was submitted with.
     */
    public void register(String jobId, String url, String secret, List<WebhookEvent> events) {
        store.register(jobId, url, vault.sealSecret(jobId, SECRET_PURPOSE, secret),
                events == null || events.isEmpty() ? WebhookEvent.DEFAULT : List.copyOf(events));
    }

    public Optional<WebhookView> view(String jobId) {
        return store.view(jobId);
    }
}
