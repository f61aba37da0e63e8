-- What one archive-verify execution found wrong, with the execution that archived each object.
SELECT f.object_key, f.problem, f.detail, f.found_at, m.job_execution_id AS archived_by
  FROM archive_verify_findings f
  LEFT JOIN archive_manifest m ON m.object_key = f.object_key
 WHERE f.job_execution_id = :executionId
 ORDER BY f.object_key
