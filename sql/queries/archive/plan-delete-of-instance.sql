-- The stored plan of a job instance that has completed: no restart will read it again.
DELETE FROM archive_plan_partitions
 WHERE job_execution_id IN (SELECT job_execution_id FROM batch_job_execution WHERE job_instance_id = :job_instance_id)
