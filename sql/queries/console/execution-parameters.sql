-- An execution's job parameters as Spring Batch stored them.
SELECT parameter_name       AS name,
       parameter_type       AS type,
       parameter_value      AS value,
       (identifying = 'Y')  AS identifying
  FROM batch_job_execution_params
 WHERE job_execution_id = :executionId
 ORDER BY parameter_name
