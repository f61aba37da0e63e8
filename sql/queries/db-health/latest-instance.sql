-- flowbatch report db-health: the db-health job instance that recorded the latest findings.
SELECT e.job_instance_id
  FROM db_health_findings f
  JOIN batch_job_execution e ON e.job_execution_id = f.job_execution_id
 ORDER BY f.job_execution_id DESC
 LIMIT 1
