-- Everything replicas share lives in the database: artifacts (in chunks), the daemons' job slots,
-- and which finished jobs retention has emptied. Plain SQL that H2 2.x and PostgreSQL both accept.

-- One row per stored artifact of a job. Its content is the chunks with the same content_id, in
-- seq order; a new version gets a new content_id, so a reader never mixes two versions.
CREATE TABLE artifacts (
    job_id     VARCHAR(36)  NOT NULL,
    name       VARCHAR(128) NOT NULL,
    content_id VARCHAR(36)  NOT NULL,
    media_type VARCHAR(255) NOT NULL,
    size_bytes BIGINT       NOT NULL,
    digest     VARCHAR(71)  NOT NULL,
    chunks     INTEGER      NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_artifacts PRIMARY KEY (job_id, name),
    CONSTRAINT uq_artifacts_content UNIQUE (content_id),
    CONSTRAINT fk_artifacts_job FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
);

-- At most 1 MiB each, so neither side ever holds more than one chunk of an artifact at a time.
CREATE TABLE artifact_chunks (
    content_id VARCHAR(36) NOT NULL,
    seq        INTEGER     NOT NULL,
    job_id     VARCHAR(36) NOT NULL,
    content    BYTEA       NOT NULL,
    CONSTRAINT pk_artifact_chunks PRIMARY KEY (content_id, seq),
    CONSTRAINT fk_artifact_chunks_job FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
);

CREATE INDEX ix_artifact_chunks_job ON artifact_chunks (job_id);

-- One row per configured daemon name: claimers lock these rows, so two replicas never count the
-- same daemon's free slots at once.
CREATE TABLE docker_daemons (
    name VARCHAR(128) NOT NULL,
    CONSTRAINT pk_docker_daemons PRIMARY KEY (name)
);

-- A job's slot on a daemon, taken in the transaction that claims the job and freed when its run
-- ends (or by the reaper when its claim expires).
CREATE TABLE daemon_slots (
    job_id      VARCHAR(36)  NOT NULL,
    docker_host VARCHAR(128) NOT NULL,
    claimed_by  VARCHAR(128) NOT NULL,
    acquired_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_daemon_slots PRIMARY KEY (job_id),
    CONSTRAINT fk_daemon_slots_job FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
);

CREATE INDEX ix_daemon_slots_host ON daemon_slots (docker_host);

-- A finished job whose artifacts and log retention removed (slimline.retention.finished-jobs).
ALTER TABLE jobs ADD COLUMN expired BOOLEAN DEFAULT FALSE NOT NULL;

CREATE INDEX ix_jobs_status_finished ON jobs (status, finished_at);
