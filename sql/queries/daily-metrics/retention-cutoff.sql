-- daily-metrics: the latest cutoff ('before') of any flow-item-retention run that may have deleted items (every
-- execution but dry runs, failed ones included: a failed run deletes the partitions it completed). Items completed
-- before it may be gone from PostgreSQL, so days before it can no longer be recomputed completely.
SELECT max(CAST(p.parameter_value AS DATE))
  FROM batch_job_execution_params p
  JOIN batch_job_execution e ON e.job_execution_id = p.job_execution_id
  JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
 WHERE i.job_name = 'flow-item-retention'
   AND p.parameter_name = 'before'
   AND NOT EXISTS (SELECT 1 FROM batch_job_execution_params d
                    WHERE d.job_execution_id = e.job_execution_id
                      AND d.parameter_name = 'dryRun' AND d.parameter_value = 'true')
