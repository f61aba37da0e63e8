-- flow-item-retention: every column of the locked items' stage metrics, in id order.
SELECT id, flow_item_id::TEXT AS flow_item_id, stage, started_at, ended_at, active_time_seconds, wait_time_seconds,
       flow_efficiency_percent, blockers::TEXT AS blockers, metadata::TEXT AS metadata
  FROM stage_metrics
 WHERE flow_item_id = ANY(CAST(:ids AS UUID[]))
 ORDER BY id
