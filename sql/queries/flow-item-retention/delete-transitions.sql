-- flow-item-retention: deletes the locked items' stage transitions, before the items, as one set (the index on
-- flow_item_id finds them page by page); the ids returned must be exactly those read back from the verified object.
DELETE FROM stage_transitions WHERE flow_item_id = ANY(CAST(:ids AS UUID[])) RETURNING id
