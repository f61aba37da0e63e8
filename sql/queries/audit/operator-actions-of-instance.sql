-- Every operator action on the executions of one job instance, oldest first (flowbatch status).
SELECT a.job_execution_id, a.action, a.acted_at, a.actor, a.host, a.flowbatch_version, a.reason
  FROM operator_actions a
  JOIN batch_job_execution e ON e.job_execution_id = a.job_execution_id
 WHERE e.job_instance_id = :jobInstanceId
 ORDER BY a.acted_at, a.id
