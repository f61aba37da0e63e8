-- flow-item-retention: deletes a batch of stage metrics read back from a verified object, before their items.
DELETE FROM stage_metrics WHERE id = ANY(?)
