-- db-maintenance: what a job instance's executions did, in plan order.
SELECT a.position, a.action, a.target, a.outcome, a.detail, a.bytes_before, a.bytes_after
  FROM db_maintenance_actions a
  JOIN batch_job_execution e ON e.job_execution_id = a.job_execution_id
 WHERE e.job_instance_id = :job_instance_id
 ORDER BY a.position, a.job_execution_id
