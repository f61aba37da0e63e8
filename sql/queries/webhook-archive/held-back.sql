-- webhook-archive: events the run would archive but leaves in PostgreSQL, because a timestamp cannot be archived
-- exactly (infinity, -infinity, beyond Parquet's range), with the offending column and value.
SELECT 'webhook_events' AS dataset, CAST(e.id AS TEXT) AS row_id, v.column_name, CAST(v.value AS TEXT) AS column_value
  FROM webhook_events e
 CROSS JOIN LATERAL (VALUES ('received_at', e.received_at), ('processed_at', e.processed_at)) AS v(column_name, value)
 WHERE e.received_at < :cutoff
   AND (e.processing_status = 'processed' OR :include_unprocessed)
   AND NOT archivable_timestamp(v.value)
 ORDER BY e.id, v.column_name
