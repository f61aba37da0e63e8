-- webhook-archive: events received before :cutoff that the run should have archived and are still in PostgreSQL
-- (flowbatch_archive_backlog_rows): zero after a complete run. Unprocessed and held-back events are reported by the
-- run itself, not counted here.
SELECT count(*)
  FROM webhook_events
 WHERE received_at < :cutoff
   AND (processing_status = 'processed' OR :include_unprocessed)
   AND archivable_timestamp(received_at) AND archivable_timestamp(processed_at)
