-- archive-verify: what every execution of a job instance found, the latest finding per object.
SELECT DISTINCT ON (object_key) object_key, problem, detail
  FROM archive_verify_findings
 WHERE job_execution_id IN (SELECT job_execution_id FROM batch_job_execution WHERE job_instance_id = :job_instance_id)
 ORDER BY object_key, job_execution_id DESC
