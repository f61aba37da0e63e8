-- flow-item-retention: every column of the locked items' stage metrics, in id order, with each row's version (xmin):
-- metrics are not locked, so the delete proves that none changed since.
SELECT id, CAST(flow_item_id AS TEXT) AS flow_item_id, stage, started_at, ended_at, active_time_seconds,
       wait_time_seconds, flow_efficiency_percent, CAST(blockers AS TEXT) AS blockers,
       CAST(metadata AS TEXT) AS metadata, CAST(CAST(xmin AS TEXT) AS BIGINT) AS row_version
  FROM stage_metrics
 WHERE flow_item_id = ANY(CAST(:locked_ids AS UUID[]))
 ORDER BY id
