-- backup retention: the job executions that may still be writing (a killed one stays STARTED until recover).
SELECT job_execution_id FROM batch_job_execution WHERE status IN ('STARTING', 'STARTED', 'STOPPING')
