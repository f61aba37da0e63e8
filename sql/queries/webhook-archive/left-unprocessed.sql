-- webhook-archive: events older than the cutoff that the run leaves because they are not processed yet (unless
-- :include_unprocessed), by status.
SELECT processing_status AS reason, count(*) AS row_count
  FROM webhook_events
 WHERE received_at < :cutoff
   AND processing_status <> 'processed'
   AND NOT :include_unprocessed
 GROUP BY processing_status
 ORDER BY processing_status
