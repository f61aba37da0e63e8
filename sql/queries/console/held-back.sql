-- Rows one archive execution left in PostgreSQL because a value cannot be archived exactly.
SELECT dataset, row_id, column_name, column_value
  FROM archive_held_back
 WHERE job_execution_id = :executionId
 ORDER BY dataset, row_id, column_name
 LIMIT :limit
