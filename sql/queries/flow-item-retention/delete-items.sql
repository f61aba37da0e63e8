-- flow-item-retention: deletes verified items; their transitions and metrics go with them (ON DELETE CASCADE).
DELETE FROM flow_items WHERE id = ANY(CAST(? AS UUID[]))
