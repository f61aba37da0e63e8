-- flow-item-retention: deletes every stage metric of the verified items, before the items, as one set (the index on
-- flow_item_id finds them page by page). The rows returned must be exactly the ids and versions read back from the
-- verified object: a metric changed or not exported rolls the partition back.
DELETE FROM stage_metrics WHERE flow_item_id = ANY(CAST(:parent_ids AS UUID[]))
RETURNING CAST(id AS TEXT), CAST(CAST(xmin AS TEXT) AS BIGINT)
