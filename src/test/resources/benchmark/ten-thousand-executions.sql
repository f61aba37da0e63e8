-- A job repository with 10,000 executions over ~1 year: 7 jobs, one instance per day each, ~1 in 20 FAILED then
-- restarted, 3 steps per execution with (empty, Java-serialized as Spring Batch writes them) contexts, parameters, operator actions. For the CLI verbs' benchmark.
WITH jobs(job_name, n) AS (
    VALUES ('daily-metrics', 1), ('webhook-archive', 2), ('flow-item-retention', 3), ('backup', 4),
           ('backup-verify', 5), ('restore-test', 6), ('archive-verify', 7)),
instances AS (
    INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
    SELECT nextval('batch_job_instance_seq'), 0, j.job_name, md5(j.job_name || d)
      FROM jobs j, generate_series(1, 1361) AS d
    RETURNING job_instance_id, job_name)
INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time, end_time,
                                 status, exit_code, exit_message, last_updated)
SELECT nextval('batch_job_execution_seq'), 2, i.job_instance_id,
       now()::timestamp - (i.job_instance_id % 365) * interval '1 day',
       now()::timestamp - (i.job_instance_id % 365) * interval '1 day',
       now()::timestamp - (i.job_instance_id % 365) * interval '1 day' + interval '95 seconds',
       CASE WHEN i.job_instance_id % 20 = 0 THEN 'FAILED' ELSE 'COMPLETED' END,
       CASE WHEN i.job_instance_id % 20 = 0 THEN 'FAILED' ELSE 'COMPLETED' END,
       CASE WHEN i.job_instance_id % 20 = 0
            THEN 'org.springframework.batch.core.step.StepExecutionException: S3 unreachable' ELSE '' END,
       now()::timestamp
  FROM instances i;

INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time, end_time,
                                 status, exit_code, exit_message, last_updated)
SELECT nextval('batch_job_execution_seq'), 2, e.job_instance_id, e.create_time + interval '1 hour',
       e.start_time + interval '1 hour', e.end_time + interval '1 hour', 'COMPLETED', 'COMPLETED', '', now()::timestamp
  FROM batch_job_execution e
 WHERE e.status = 'FAILED' AND (SELECT count(*) FROM batch_job_execution) < 10000
 LIMIT 10000 - (SELECT count(*) FROM batch_job_execution);

INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type, parameter_value, identifying)
SELECT e.job_execution_id, p.name, p.type, p.value, p.identifying
  FROM batch_job_execution e,
       (VALUES ('date', 'java.time.LocalDate', '2026-01-01', 'Y'), ('rerun', 'java.lang.Long', '0', 'Y'),
               ('dryRun', 'java.lang.Boolean', 'false', 'N')) AS p(name, type, value, identifying);

INSERT INTO batch_job_execution_context (job_execution_id, short_context, serialized_context)
SELECT job_execution_id, 'rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAB3CAAAABAAAAAAeA==', NULL FROM batch_job_execution;

INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id, create_time, start_time,
                                  end_time, status, commit_count, read_count, filter_count, write_count,
                                  read_skip_count, write_skip_count, process_skip_count, rollback_count, exit_code,
                                  exit_message, last_updated)
SELECT nextval('batch_step_execution_seq'), 3, s.step_name, e.job_execution_id, e.create_time, e.start_time,
       e.end_time, e.status, 10, 1000, 0, 1000, 0, 0, 0, 0, e.exit_code, '', e.last_updated
  FROM batch_job_execution e, (VALUES ('plan'), ('work'), ('report')) AS s(step_name);

INSERT INTO batch_step_execution_context (step_execution_id, short_context, serialized_context)
SELECT step_execution_id, 'rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAB3CAAAABAAAAAAeA==', NULL FROM batch_step_execution;

INSERT INTO operator_actions (job_execution_id, job_name, action, acted_at, actor, host, flowbatch_version, reason)
SELECT e.job_execution_id, i.job_name, 'run', e.create_time, 'system:serviceaccount:flow-metrics:default',
       'pod/flowbatch-' || e.job_execution_id, '0.1.0', NULL
  FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id);

ANALYZE;
