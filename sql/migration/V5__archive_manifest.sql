-- Every object the archive jobs wrote, read back and verified, and how many rows they then deleted from PostgreSQL.
-- A row here is the proof that its rows are in S3: the archive jobs insert it in the same transaction as the delete.
CREATE TABLE archive_manifest (
    object_key       TEXT         PRIMARY KEY,
    dataset          VARCHAR(50)  NOT NULL,
    partition_path   TEXT         NOT NULL,
    row_count        BIGINT       NOT NULL,
    byte_size        BIGINT       NOT NULL,
    sha256           CHAR(64)     NOT NULL,
    min_id           TEXT,
    max_id           TEXT,
    content_checksum CHAR(64)     NOT NULL,
    verified_at      TIMESTAMP    NOT NULL,
    rows_deleted     BIGINT       NOT NULL,
    job_execution_id BIGINT       NOT NULL
);

CREATE INDEX idx_archive_manifest_execution ON archive_manifest (job_execution_id);
