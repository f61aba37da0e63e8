-- data-quality: items with a completion time whose status is not completed (reopened without clearing it, or a
-- status never updated).
WITH found AS (
    SELECT id::text AS sample_id
      FROM flow_items
     WHERE completed_at IS NOT NULL
       AND status <> 'completed'
)
SELECT (SELECT count(*) FROM found) AS finding_count,
       ARRAY(SELECT sample_id FROM found ORDER BY sample_id LIMIT :samples) AS sample_ids
