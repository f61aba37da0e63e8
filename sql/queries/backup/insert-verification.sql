-- backup-verify: a backup whose integrity checks passed (verified_at in UTC).
INSERT INTO backup_verifications (job_execution_id, backup_key, verified_at) VALUES (?, ?, ?)
