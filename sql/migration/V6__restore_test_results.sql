-- restore-test: every test of a backup, passed or failed, with its recovery time by phase (the measured RTO).
CREATE TABLE restore_test_results (
    job_execution_id  BIGINT       PRIMARY KEY,
    backup_key        TEXT,
    tested_at         TIMESTAMP    NOT NULL,
    passed            BOOLEAN      NOT NULL,
    failure           TEXT,
    download_seconds  DOUBLE PRECISION,
    restore_seconds   DOUBLE PRECISION,
    validate_seconds  DOUBLE PRECISION,
    rto_seconds       DOUBLE PRECISION,
    rto_target_seconds DOUBLE PRECISION NOT NULL,
    tables_checked    INTEGER,
    scratch_database  TEXT         NOT NULL,
    kept              BOOLEAN      NOT NULL
);
