-- API tokens, the owner of each job, and each job's registry credentials (encrypted).
-- Plain SQL that H2 2.x and PostgreSQL both accept.

-- Only a SHA-256 of each token is kept: the token itself is shown once, when it is created.
CREATE TABLE api_tokens (
    id         VARCHAR(36)  NOT NULL,
    name       VARCHAR(128) NOT NULL,
    token_hash VARCHAR(64)  NOT NULL,
    roles      VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_by VARCHAR(128) NOT NULL,
    revoked_at TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pk_api_tokens PRIMARY KEY (id),
    CONSTRAINT uq_api_tokens_hash UNIQUE (token_hash)
);

-- Jobs from before tokens existed belong to 'anonymous', as do jobs submitted while auth is off.
ALTER TABLE jobs ADD COLUMN owner VARCHAR(128) DEFAULT 'anonymous' NOT NULL;

-- AES-GCM ciphertext of the job's registry credentials; erased when the job ends.
ALTER TABLE jobs ADD COLUMN secrets VARCHAR(131072);

-- An Idempotency-Key is the client's own: two owners may use the same one.
ALTER TABLE jobs DROP CONSTRAINT uq_jobs_idempotency_key;
ALTER TABLE jobs ADD CONSTRAINT uq_jobs_owner_idempotency_key UNIQUE (owner, idempotency_key);

CREATE INDEX ix_jobs_owner_created ON jobs (owner, created_at);
