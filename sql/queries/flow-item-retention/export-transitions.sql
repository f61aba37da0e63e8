-- flow-item-retention: every column of the locked items' stage transitions, in id order.
SELECT id, flow_item_id::TEXT AS flow_item_id, from_stage, to_stage, transitioned_at, duration_seconds, triggered_by,
       event_type, event_payload::TEXT AS event_payload
  FROM stage_transitions
 WHERE flow_item_id = ANY(CAST(:ids AS UUID[]))
 ORDER BY id
