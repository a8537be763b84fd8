-- Jobs and their logs. Plain SQL that H2 2.x and PostgreSQL both accept.

CREATE TABLE jobs (
    id                   VARCHAR(36)      NOT NULL,
    status               VARCHAR(16)      NOT NULL,
    image                VARCHAR(512)     NOT NULL,
    spec                 VARCHAR(1048576) NOT NULL,
    idempotency_key      VARCHAR(255),
    request_hash         VARCHAR(64),
    phase                VARCHAR(16),
    progress             INTEGER          NOT NULL DEFAULT 0,
    attempts             INTEGER          NOT NULL DEFAULT 0,
    cancel_requested     BOOLEAN          NOT NULL DEFAULT FALSE,
    observation_end_requested BOOLEAN     NOT NULL DEFAULT FALSE,
    claimed_by           VARCHAR(128),
    docker_host          VARCHAR(128),
    heartbeat_at         TIMESTAMP(6) WITH TIME ZONE,
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    started_at           TIMESTAMP(6) WITH TIME ZONE,
    finished_at          TIMESTAMP(6) WITH TIME ZONE,
    updated_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    error_phase          VARCHAR(16),
    error_reason         VARCHAR(4000),
    original_image       VARCHAR(512),
    original_image_id    VARCHAR(128),
    original_size_bytes  BIGINT,
    slim_image           VARCHAR(512),
    slim_image_id        VARCHAR(128),
    slim_size_bytes      BIGINT,
    verified             BOOLEAN,
    verification_failure VARCHAR(4000),
    CONSTRAINT pk_jobs PRIMARY KEY (id),
    CONSTRAINT uq_jobs_idempotency_key UNIQUE (idempotency_key)
);

-- the queue (oldest QUEUED first), listings (newest first, by status or image), claims per instance
CREATE INDEX ix_jobs_status_created ON jobs (status, created_at);
CREATE INDEX ix_jobs_created ON jobs (created_at);
CREATE INDEX ix_jobs_image_created ON jobs (image, created_at);
CREATE INDEX ix_jobs_claimed_by ON jobs (claimed_by);

CREATE TABLE job_log (
    job_id    VARCHAR(36)   NOT NULL,
    seq       BIGINT        NOT NULL,
    logged_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    line      VARCHAR(4000) NOT NULL,
    CONSTRAINT pk_job_log PRIMARY KEY (job_id, seq),
    CONSTRAINT fk_job_log_job FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
);
