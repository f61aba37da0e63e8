-- data-quality: items whose status is completed but that have no completion time (velocity and flow time skip them).
WITH found AS (
    SELECT id::text AS sample_id
      FROM flow_items
     WHERE status = 'completed'
       AND completed_at IS NULL
)
SELECT (SELECT count(*) FROM found) AS finding_count,
       ARRAY(SELECT sample_id FROM found ORDER BY sample_id LIMIT :samples) AS sample_ids
