-- webhook-archive: every column of one partition's rows, in id order (the order the checksum is computed in), with
-- each row's version (xmin): the delete removes a row only if it is still this version.
SELECT id, source, event_type, delivery_id, payload::TEXT AS payload, processing_status, error_message,
       received_at, processed_at, CAST(CAST(xmin AS TEXT) AS BIGINT) AS row_version
  FROM webhook_events
 WHERE source = :source
   AND received_at >= :month_start AND received_at < :month_end
   AND received_at < :cutoff
   AND id BETWEEN CAST(:first_id AS BIGINT) AND CAST(:last_id AS BIGINT)
   AND (processing_status = 'processed' OR :include_unprocessed)
   AND archivable_timestamp(received_at) AND archivable_timestamp(processed_at)
 ORDER BY id
