-- data-quality: items whose transitions, in time order, do not chain (a transition's from_stage is not the stage the
-- previous one went to), or that moved before the item was created or after it was completed. Sample: item ids.
WITH ordered AS (
    SELECT st.flow_item_id,
           st.from_stage,
           st.transitioned_at,
           lag(st.to_stage) OVER (PARTITION BY st.flow_item_id ORDER BY st.transitioned_at, st.id) AS previous_stage,
           row_number() OVER (PARTITION BY st.flow_item_id ORDER BY st.transitioned_at, st.id)   AS position
      FROM stage_transitions st
),
found AS (
    SELECT DISTINCT o.flow_item_id::text AS sample_id
      FROM ordered o
      JOIN flow_items f ON f.id = o.flow_item_id
     WHERE (o.position > 1 AND o.from_stage IS DISTINCT FROM o.previous_stage)
        OR o.transitioned_at < f.created_at
        OR o.transitioned_at > f.completed_at
)
SELECT (SELECT count(*) FROM found) AS finding_count,
       ARRAY(SELECT sample_id FROM found ORDER BY sample_id LIMIT :samples) AS sample_ids
