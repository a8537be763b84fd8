-- Jobs' webhooks and their deliveries, queued in the database so that any instance sends them and
-- none is lost on a crash. Plain SQL that H2 2.x and PostgreSQL both accept.

-- One webhook per job. The secret is AES-GCM ciphertext (like registry credentials). last_status is
-- the job status the webhook was last told about (or found uninteresting); settled once that status
-- is final, so the look for changes reads the unsettled ones only.
CREATE TABLE job_webhooks (
    job_id      VARCHAR(36)   NOT NULL,
    url         VARCHAR(2048) NOT NULL,
    secret      VARCHAR(4096) NOT NULL,
    events      VARCHAR(128)  NOT NULL,
    last_status VARCHAR(16)   NOT NULL,
    settled     BOOLEAN       NOT NULL DEFAULT FALSE,
    CONSTRAINT pk_job_webhooks PRIMARY KEY (job_id),
    CONSTRAINT fk_job_webhooks_job FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
);
CREATE INDEX ix_job_webhooks_settled ON job_webhooks (settled);

-- One event to deliver; id is its webhook-id. next_attempt_at is also the claim: an instance that
-- takes a delivery moves it past the attempt's longest time, so a dead instance's claim runs out.
CREATE TABLE webhook_deliveries (
    id              VARCHAR(40)      NOT NULL,
    job_id          VARCHAR(36)      NOT NULL,
    event           VARCHAR(16)      NOT NULL,
    body            VARCHAR(1048576) NOT NULL,
    status          VARCHAR(16)      NOT NULL,
    attempts        INTEGER          NOT NULL DEFAULT 0,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP(6) WITH TIME ZONE,
    claimed_by      VARCHAR(128),
    CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
    CONSTRAINT fk_webhook_deliveries_job FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_job ON webhook_deliveries (job_id, created_at);

CREATE TABLE webhook_attempts (
    delivery_id VARCHAR(40)   NOT NULL,
    attempt     INTEGER       NOT NULL,
    started_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status_code INTEGER,
    error       VARCHAR(1000),
    millis      BIGINT        NOT NULL,
    CONSTRAINT pk_webhook_attempts PRIMARY KEY (delivery_id, attempt),
    CONSTRAINT fk_webhook_attempts_delivery FOREIGN KEY (delivery_id) REFERENCES webhook_deliveries (id)
        ON DELETE CASCADE
);
