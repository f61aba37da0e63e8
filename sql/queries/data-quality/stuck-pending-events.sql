-- data-quality: webhook events still pending, received before :pending_before (the service has not got to them for
-- pendingHours). Sample: webhook_events ids, oldest first.
WITH found AS (
    SELECT id, received_at
      FROM webhook_events
     WHERE processing_status = 'pending'
       AND received_at < :pending_before
)
SELECT (SELECT count(*) FROM found) AS finding_count,
       ARRAY(SELECT id::text FROM found ORDER BY received_at, id LIMIT :samples) AS sample_ids
