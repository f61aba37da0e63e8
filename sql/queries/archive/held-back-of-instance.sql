-- The rows every execution of a job instance held back, for the run manifest and the exit description.
SELECT DISTINCT dataset, row_id, column_name, column_value
  FROM archive_held_back
 WHERE job_execution_id IN (SELECT job_execution_id FROM batch_job_execution WHERE job_instance_id = :job_instance_id)
 ORDER BY dataset, row_id, column_name
