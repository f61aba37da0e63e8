-- db-health: one finding of a section (a restarted chunk rewrites its rows).
INSERT INTO db_health_findings (job_execution_id, section, subject, value, detail, recorded_at)
VALUES (:job_execution_id, :section, :subject, :value, :detail, now() AT TIME ZONE 'UTC')
ON CONFLICT (job_execution_id, section, subject) DO UPDATE
   SET value = EXCLUDED.value, detail = EXCLUDED.detail, recorded_at = EXCLUDED.recorded_at
