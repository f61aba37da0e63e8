-- An execution's steps with their counts, in the order they started.
SELECT step_execution_id, step_name, status, start_time, end_time, read_count, write_count, filter_count,
       read_skip_count + write_skip_count + process_skip_count AS skip_count,
       commit_count, rollback_count, exit_code, exit_message
  FROM batch_step_execution
 WHERE job_execution_id = :executionId
 ORDER BY step_execution_id
