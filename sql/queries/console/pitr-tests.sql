-- pitr-test's drills: target and recovered-to time, the RTO by phase, the markers checked and the role that
-- validated the copy, newest first; :executionId is NULL for all.
SELECT job_execution_id AS execution_id, tested_at, stanza, target_time, recovered_to, backup_label, passed, failure,
       restore_seconds, recovery_seconds, validate_seconds, rto_seconds, rto_target_seconds, markers_expected,
       markers_found, tables_checked, validated_as, validated_as_superuser
  FROM pitr_test_results
 WHERE (CAST(:executionId AS BIGINT) IS NULL OR job_execution_id = :executionId)
 ORDER BY tested_at DESC, job_execution_id DESC
 LIMIT :limit
