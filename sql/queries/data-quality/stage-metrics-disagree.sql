-- data-quality: stage_metrics rows whose times disagree with the transitions: started_at is not when the item moved
-- into the stage, ended_at not when it moved out, it ends before it starts, or more active plus waiting time than
-- the stay lasted (a second of rounding allowed). Sample: flow_item_id/stage.
WITH found AS (
    SELECT sm.flow_item_id::text || '/' || sm.stage AS sample_id
      FROM stage_metrics sm
      LEFT JOIN stage_transitions entered ON entered.flow_item_id = sm.flow_item_id AND entered.to_stage = sm.stage
      LEFT JOIN LATERAL (
            SELECT min(st.transitioned_at) AS transitioned_at
              FROM stage_transitions st
             WHERE st.flow_item_id = sm.flow_item_id AND st.from_stage = sm.stage
               AND st.transitioned_at >= coalesce(entered.transitioned_at, '-infinity')) left_stage ON true
     WHERE abs(extract(EPOCH FROM sm.started_at - entered.transitioned_at)) > 1
        OR abs(extract(EPOCH FROM sm.ended_at - left_stage.transitioned_at)) > 1
        OR sm.ended_at < sm.started_at
        OR coalesce(sm.active_time_seconds, 0) + coalesce(sm.wait_time_seconds, 0)
           > extract(EPOCH FROM sm.ended_at - sm.started_at) + 1
)
SELECT (SELECT count(*) FROM found) AS finding_count,
       ARRAY(SELECT sample_id FROM found ORDER BY sample_id LIMIT :samples) AS sample_ids
