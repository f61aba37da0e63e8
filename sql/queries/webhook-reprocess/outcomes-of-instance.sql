-- webhook-reprocess: what a job instance's executions did, by action, classification and reason.
SELECT a.action, a.classification, a.reason, count(*) AS events
  FROM webhook_reprocess_attempts a
  JOIN batch_job_execution e ON e.job_execution_id = a.job_execution_id
 WHERE e.job_instance_id = :job_instance_id
 GROUP BY a.action, a.classification, a.reason
 ORDER BY a.action, count(*) DESC, a.reason
