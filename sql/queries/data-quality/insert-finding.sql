-- data-quality: what one rule found in one execution (a restarted chunk rewrites its row).
INSERT INTO data_quality_findings (job_execution_id, rule, finding_count, sample_ids, checked_at)
VALUES (:job_execution_id, :rule, :finding_count, CAST(:sample_ids AS jsonb), now() AT TIME ZONE 'UTC')
ON CONFLICT (job_execution_id, rule) DO UPDATE
   SET finding_count = EXCLUDED.finding_count, sample_ids = EXCLUDED.sample_ids, checked_at = EXCLUDED.checked_at
