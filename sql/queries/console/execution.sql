-- The console's execution page: one execution, its job and instance. Times are UTC.
SELECT e.job_execution_id AS execution_id,
       e.job_instance_id  AS instance_id,
       i.job_name         AS job,
       e.status           AS status,
       e.exit_code        AS exit_code,
       e.exit_message     AS exit_description,
       e.create_time      AS created,
       e.start_time       AS started,
       e.end_time         AS ended,
       e.last_updated     AS last_updated
  FROM batch_job_execution e
  JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
 WHERE e.job_execution_id = :executionId
