-- flow-item-retention: deletes a batch of stage transitions read back from a verified object, before their items.
DELETE FROM stage_transitions WHERE id = ANY(?)
