-- webhook-archive: every column of one partition's rows, in id order (the order the checksum is computed in).
SELECT id, source, event_type, delivery_id, payload::TEXT AS payload, processing_status, error_message,
       received_at, processed_at
  FROM webhook_events
 WHERE source = :source
   AND received_at >= :day_start AND received_at < :day_end
   AND received_at < :cutoff
   AND id BETWEEN :min_id AND :max_id
 ORDER BY id
