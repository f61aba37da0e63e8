-- flow-item-retention: every column of the locked items' stage transitions, in id order, with each row's version
-- (xmin): transitions are not locked, so the delete proves that none changed since.
SELECT id, CAST(flow_item_id AS TEXT) AS flow_item_id, from_stage, to_stage, transitioned_at, duration_seconds,
       triggered_by, event_type, CAST(event_payload AS TEXT) AS event_payload,
       CAST(CAST(xmin AS TEXT) AS BIGINT) AS row_version
  FROM stage_transitions
 WHERE flow_item_id = ANY(CAST(:locked_ids AS UUID[]))
 ORDER BY id
