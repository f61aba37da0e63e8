-- db-maintenance: the outcome of one planned statement (a restarted chunk rewrites its row).
INSERT INTO db_maintenance_actions (job_execution_id, position, action, target, outcome, detail, bytes_before,
                                    bytes_after, seconds, recorded_at)
VALUES (:job_execution_id, :position, :action, :target, :outcome, :detail, :bytes_before, :bytes_after, :seconds,
        now() AT TIME ZONE 'UTC')
ON CONFLICT (job_execution_id, position) DO UPDATE
   SET action = EXCLUDED.action, target = EXCLUDED.target, outcome = EXCLUDED.outcome, detail = EXCLUDED.detail,
       bytes_before = EXCLUDED.bytes_before, bytes_after = EXCLUDED.bytes_after, seconds = EXCLUDED.seconds,
       recorded_at = EXCLUDED.recorded_at
