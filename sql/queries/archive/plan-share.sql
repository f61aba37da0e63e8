-- Worker :worker of :workers' share of the partitions the plan step of execution :plan_execution stored, in plan order.
SELECT partition_values, row_count, estimated_bytes, first_id, last_id
  FROM archive_plan_partitions
 WHERE job_execution_id = :plan_execution
   AND mod(ordinal, :workers) = :worker
 ORDER BY ordinal
