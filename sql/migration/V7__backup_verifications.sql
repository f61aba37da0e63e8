-- backup-verify: every backup whose integrity checks passed (manifest, object, size, SHA-256, full read), whatever
-- the freshness check then found. With restore-test's passed results this is what backup retention calls verified:
-- it never deletes the newest verified backup, however old.
CREATE TABLE backup_verifications (
    job_execution_id  BIGINT     PRIMARY KEY,
    backup_key        TEXT       NOT NULL,
    verified_at       TIMESTAMP  NOT NULL
);

CREATE INDEX backup_verifications_backup_key ON backup_verifications (backup_key);
