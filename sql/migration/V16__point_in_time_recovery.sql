-- Point-in-time recovery (pgBackRest). Markers: rows flowbatch writes in the production database (wal-archive-check
-- hourly, pitr-test right before and after its target) that a restored copy must contain up to the target time and
-- not after it; each carries the row counts of the flow-metrics tables at the moment it was written.
CREATE TABLE pitr_markers (
    id                BIGSERIAL    PRIMARY KEY,
    written_at        TIMESTAMP    NOT NULL DEFAULT (clock_timestamp() AT TIME ZONE 'UTC'),
    written_by        TEXT         NOT NULL,
    job_execution_id  BIGINT,
    row_counts        JSONB        NOT NULL
);

-- wal-archive-check: what each check saw, so that the next one can tell whether archive_command failed since.
CREATE TABLE wal_archive_checks (
    job_execution_id     BIGINT       PRIMARY KEY,
    checked_at           TIMESTAMP    NOT NULL,
    passed               BOOLEAN      NOT NULL,
    failure              TEXT,
    archived_count       BIGINT,
    failed_count         BIGINT,
    last_archived_wal    TEXT,
    last_archived_at     TIMESTAMP,
    last_failed_wal      TEXT,
    last_failed_at       TIMESTAMP,
    stats_reset          TIMESTAMP,
    newest_backup_label  TEXT,
    newest_backup_at     TIMESTAMP,
    wal_range_checked    TEXT
);

-- pitr-test: every drill, passed or failed, next to restore_test_results.
CREATE TABLE pitr_test_results (
    job_execution_id   BIGINT       PRIMARY KEY,
    tested_at          TIMESTAMP    NOT NULL,
    stanza             TEXT         NOT NULL,
    target_time        TIMESTAMP,
    recovered_to       TIMESTAMP,
    backup_label       TEXT,
    passed             BOOLEAN      NOT NULL,
    failure            TEXT,
    restore_seconds    DOUBLE PRECISION,
    recovery_seconds   DOUBLE PRECISION,
    validate_seconds   DOUBLE PRECISION,
    rto_seconds        DOUBLE PRECISION,
    rto_target_seconds DOUBLE PRECISION NOT NULL,
    markers_expected   INTEGER,
    markers_found      INTEGER,
    last_marker_id     BIGINT,
    tables_checked     INTEGER,
    scratch_directory  TEXT         NOT NULL
);
