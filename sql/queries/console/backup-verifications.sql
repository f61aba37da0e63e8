-- backup-verify's verified backups, newest first; :executionId is NULL for all.
SELECT v.job_execution_id AS execution_id, v.backup_key, v.verified_at, e.status
  FROM backup_verifications v
  LEFT JOIN batch_job_execution e ON e.job_execution_id = v.job_execution_id
 WHERE (CAST(:executionId AS BIGINT) IS NULL OR v.job_execution_id = :executionId)
 ORDER BY v.verified_at DESC, v.job_execution_id DESC
 LIMIT :limit
