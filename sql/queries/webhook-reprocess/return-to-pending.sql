-- webhook-reprocess: hand a failed event back to the service, which retries pending events; only if it is still
-- failed (the service may have retried it meanwhile). The error stays in webhook_reprocess_attempts.
UPDATE webhook_events
   SET processing_status = 'pending', error_message = NULL, processed_at = NULL
 WHERE id = :id
   AND processing_status = 'failed'
