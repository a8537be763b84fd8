-- What verification showed (VERIFIED, RAN_ONLY, FAILED) and, per probe source, the requests
-- sent and how many passed (JSON). Plain SQL that H2 2.x and PostgreSQL both accept.
ALTER TABLE jobs ADD COLUMN verification VARCHAR(16);
ALTER TABLE jobs ADD COLUMN probe_counts VARCHAR(4000);
