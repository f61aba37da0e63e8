-- The operator actions on the executions listed on the console's history page, oldest first.
SELECT job_execution_id AS execution_id, action, actor, reason
  FROM operator_actions
 WHERE job_execution_id IN (:executionIds)
 ORDER BY acted_at, id
