-- flowbatch history: past executions, newest first, for audit review.
-- :job and :status are NULL when not filtered; :since is a UTC timestamp.
SELECT e.job_execution_id                                       AS execution_id,
       i.job_name                                               AS job,
       e.status                                                 AS status,
       e.exit_code                                              AS exit_code,
       e.exit_message                                           AS exit_description,
       e.create_time                                            AS created,
       e.start_time                                             AS started,
       e.end_time                                               AS ended,
       (SELECT json_agg(json_build_object('name', p.parameter_name, 'type', p.parameter_type,
                                          'value', p.parameter_value)
                        ORDER BY p.parameter_name)
          FROM batch_job_execution_params p
         WHERE p.job_execution_id = e.job_execution_id)::text   AS parameters,
       (SELECT json_agg(json_build_object('action', a.action, 'at', a.acted_at, 'actor', a.actor,
                                          'host', a.host, 'version', a.flowbatch_version, 'reason', a.reason)
                        ORDER BY a.acted_at, a.id)
          FROM operator_actions a
         WHERE a.job_execution_id = e.job_execution_id)::text   AS operator_actions
  FROM batch_job_execution e
  JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
 WHERE e.create_time >= :since
   AND (CAST(:job AS VARCHAR) IS NULL OR i.job_name = :job)
   AND (CAST(:status AS VARCHAR) IS NULL OR e.status = :status)
 ORDER BY e.job_execution_id DESC
 LIMIT :limit
