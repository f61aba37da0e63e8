-- flowbatch report data-quality: the data-quality job instance that recorded the latest findings.
SELECT e.job_instance_id
  FROM data_quality_findings f
  JOIN batch_job_execution e ON e.job_execution_id = f.job_execution_id
 ORDER BY f.job_execution_id DESC
 LIMIT 1
