-- webhook-reprocess: what this execution did with one failed event (a restarted chunk rewrites its row).
INSERT INTO webhook_reprocess_attempts (webhook_event_id, job_execution_id, classification, action, reason,
                                        error_message, flow_item_id, attempted_at)
VALUES (:webhook_event_id, :job_execution_id, :classification, :action, :reason, :error_message,
        CAST(:flow_item_id AS uuid), now() AT TIME ZONE 'UTC')
ON CONFLICT (webhook_event_id, job_execution_id) DO UPDATE
   SET classification = EXCLUDED.classification, action = EXCLUDED.action, reason = EXCLUDED.reason,
       error_message = EXCLUDED.error_message, flow_item_id = EXCLUDED.flow_item_id,
       attempted_at = EXCLUDED.attempted_at
