-- webhook-reprocess: the next page of failed events received in the window, in id order after :after (the reader
-- keeps the last id of each committed chunk, so a restart resumes after it), with how often flowbatch has already
-- returned each to pending.
SELECT e.id, e.source, e.event_type, e.delivery_id, e.payload::text AS payload, e.error_message, e.received_at,
       (SELECT count(*) FROM webhook_reprocess_attempts a
         WHERE a.webhook_event_id = e.id AND a.action <> 'left-failed') AS attempts
  FROM webhook_events e
 WHERE e.processing_status = 'failed'
   AND e.received_at >= :since
   AND e.received_at < :until
   AND e.id > :after
 ORDER BY e.id
 LIMIT :page_size
