-- The console's archive page: per execution that archived, what archive_manifest vouches for, newest first.
-- :executionId is NULL for every run.
SELECT m.job_execution_id                AS execution_id,
       i.job_name                        AS job,
       e.status                          AS status,
       string_agg(DISTINCT m.dataset, ', ') AS datasets,
       count(*)                          AS objects,
       sum(m.row_count)                  AS row_count,
       sum(m.byte_size)                  AS byte_size,
       sum(m.rows_deleted)               AS rows_deleted,
       max(m.verified_at)                AS last_verified,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM archive_verify_findings f
                                       WHERE f.object_key = m.object_key)) AS objects_with_findings
  FROM archive_manifest m
  LEFT JOIN batch_job_execution e ON e.job_execution_id = m.job_execution_id
  LEFT JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
 WHERE (CAST(:executionId AS BIGINT) IS NULL OR m.job_execution_id = :executionId)
 GROUP BY m.job_execution_id, i.job_name, e.status
 ORDER BY m.job_execution_id DESC
 LIMIT :limit
