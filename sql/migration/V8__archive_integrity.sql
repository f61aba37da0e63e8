-- Archive integrity (docs/reliability.md).

-- Every object key an archive job is about to upload, recorded (and committed) before the first byte is sent. An
-- object under the prefix that no row here names was not written by this database, so no clean-up ever deletes it.
CREATE TABLE archive_upload_attempts (
    object_key       TEXT        PRIMARY KEY,
    dataset          VARCHAR(50) NOT NULL,
    job_execution_id BIGINT      NOT NULL,
    started_at       TIMESTAMP   NOT NULL
);

-- Objects recorded before this table existed were written by this database.
INSERT INTO archive_upload_attempts (object_key, dataset, job_execution_id, started_at)
SELECT object_key, dataset, job_execution_id, verified_at FROM archive_manifest;

-- Rows older than a run's cutoff that stay in PostgreSQL because a value cannot be archived exactly (a timestamp
-- Parquet's TIMESTAMP(MICROS) cannot hold): reported by id and column, never deleted.
CREATE TABLE archive_held_back (
    job_execution_id BIGINT      NOT NULL,
    dataset          VARCHAR(50) NOT NULL,
    row_id           TEXT        NOT NULL,
    column_name      TEXT        NOT NULL,
    column_value     TEXT,
    PRIMARY KEY (job_execution_id, dataset, row_id, column_name)
);

-- Whether a TIMESTAMP value can be archived exactly: finite, and within what Parquet's TIMESTAMP(MICROS) holds
-- (microseconds since 1970 in a signed 64-bit integer: up to 294247-01-10). PostgreSQL's earliest timestamp
-- (4713 BC) is well within it. NULL is archived as null.
CREATE FUNCTION archivable_timestamp(value TIMESTAMP) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT value IS NULL OR (value > '-infinity' AND value < '294247-01-01') $$;
