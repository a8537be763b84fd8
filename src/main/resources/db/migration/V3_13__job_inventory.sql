-- The package inventory's summary of a finished job (packages before and after, removed bytes,
-- the packages that kept the most) as JSON; null for jobs from before it, or without a result.
ALTER TABLE jobs ADD COLUMN inventory_summary VARCHAR(16384);
