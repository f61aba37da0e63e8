-- archive-compact (docs/archive.md, "archive-compact"): one row per compaction group, planned before its first byte
-- is uploaded, so that a restart knows where the group is and what it may delete.
--   planned:  inputs chosen, staged and final keys recorded in archive_upload_attempts; the staged object may be
--             partial or absent (a restart deletes it and writes it again); the inputs are the archive of record
--   recorded: the staged object is verified and archive_manifest names it instead of the inputs (one transaction)
--   promoted: the inputs are deleted and the staged object copied to the final key, which archive_manifest names
--   done:     the staged copy is deleted (by a later job instance: a grace period for readers of the manifest)
CREATE TABLE archive_compactions (
    id               BIGSERIAL    PRIMARY KEY,
    dataset          VARCHAR(50)  NOT NULL,
    partition_path   TEXT         NOT NULL,
    final_key        TEXT         NOT NULL UNIQUE,
    staged_key       TEXT         NOT NULL UNIQUE,
    input_keys       TEXT[]       NOT NULL,
    state            VARCHAR(10)  NOT NULL CHECK (state IN ('planned', 'recorded', 'promoted', 'done')),
    row_count        BIGINT,
    byte_size        BIGINT,
    sha256           CHAR(64),
    content_checksum CHAR(64),
    job_execution_id BIGINT       NOT NULL,
    job_instance_id  BIGINT       NOT NULL,
    planned_at       TIMESTAMP    NOT NULL,
    updated_at       TIMESTAMP    NOT NULL
);

CREATE INDEX idx_archive_compactions_unfinished ON archive_compactions (state) WHERE state <> 'done';
