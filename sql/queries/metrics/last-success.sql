-- The end of a job's newest COMPLETED execution (UTC), for flowbatch_job_last_success_timestamp_seconds: pushed after
-- every run, failed ones included, so that the "not succeeded within its schedule" alert sees the real age.
SELECT max(e.end_time)
FROM batch_job_execution e
JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
WHERE i.job_name = :job_name
  AND e.status = 'COMPLETED'
