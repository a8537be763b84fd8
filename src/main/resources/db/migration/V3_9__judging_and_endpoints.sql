-- How verification judged each answer (JSON), and where a job's application can be reached while
-- it is observed (JSON); both shown in the job's view.
ALTER TABLE jobs ADD COLUMN judging VARCHAR(1048576);
ALTER TABLE jobs ADD COLUMN observation_endpoints VARCHAR(16384);
