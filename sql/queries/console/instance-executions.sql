-- Every execution of one job instance (the first run and its restarts), oldest first.
SELECT job_execution_id AS execution_id, status, create_time AS created, start_time AS started, end_time AS ended
  FROM batch_job_execution
 WHERE job_instance_id = :instanceId
 ORDER BY job_execution_id
