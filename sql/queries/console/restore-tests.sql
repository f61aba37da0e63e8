-- restore-test's results with the measured RTO by phase, newest first; :executionId is NULL for all.
SELECT job_execution_id AS execution_id, backup_key, tested_at, passed, failure, download_seconds, restore_seconds,
       validate_seconds, rto_seconds, rto_target_seconds, tables_checked, scratch_database, kept
  FROM restore_test_results
 WHERE (CAST(:executionId AS BIGINT) IS NULL OR job_execution_id = :executionId)
 ORDER BY tested_at DESC, job_execution_id DESC
 LIMIT :limit
