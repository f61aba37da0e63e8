-- The objects one execution archived, with archive-verify's latest finding on each (NULL when none).
SELECT m.object_key, m.row_count, m.byte_size, m.sha256, m.min_id, m.max_id,
       m.verified_at, m.rows_deleted,
       f.problem              AS finding,
       f.detail               AS finding_detail,
       f.job_execution_id     AS finding_execution_id
  FROM archive_manifest m
  LEFT JOIN LATERAL (SELECT problem, detail, job_execution_id
                       FROM archive_verify_findings
                      WHERE object_key = m.object_key
                      ORDER BY found_at DESC
                      LIMIT 1) f ON TRUE
 WHERE m.job_execution_id = :executionId
 ORDER BY m.object_key
 LIMIT :limit
