-- flow-item-retention: deletes verified items, once their verified transitions and metrics are gone. ON DELETE
-- CASCADE still checks each item's children; there are none left: the items were locked before their children were
-- exported, so none could be added since.
DELETE FROM flow_items WHERE id = ANY(CAST(? AS UUID[]))
