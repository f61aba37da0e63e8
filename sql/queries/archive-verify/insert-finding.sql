-- archive-verify: a problem with one object.
INSERT INTO archive_verify_findings (job_execution_id, object_key, problem, detail, found_at)
VALUES (:job_execution_id, :object_key, :problem, :detail, now() AT TIME ZONE 'UTC')
ON CONFLICT (job_execution_id, object_key) DO UPDATE SET problem = EXCLUDED.problem, detail = EXCLUDED.detail
