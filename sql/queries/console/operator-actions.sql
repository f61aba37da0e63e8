-- Who ran, restarted, stopped, abandoned or recovered the executions of one job instance, and why; oldest first.
SELECT a.job_execution_id AS execution_id, a.action, a.acted_at AT TIME ZONE 'UTC' AS acted_at, a.actor, a.host, a.flowbatch_version, a.reason
  FROM operator_actions a
  JOIN batch_job_execution e ON e.job_execution_id = a.job_execution_id
 WHERE e.job_instance_id = :instanceId
 ORDER BY a.acted_at, a.id
