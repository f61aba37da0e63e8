-- flow-item-retention: deletes the verified items, once their verified transitions and metrics are gone, returning
-- each deleted row's version. ON DELETE CASCADE still checks each item's children; there are none left: the items
-- were locked before their children were exported, so none could be added since.
DELETE FROM flow_items WHERE id = ANY(CAST(:ids AS UUID[]))
RETURNING CAST(id AS TEXT), CAST(CAST(xmin AS TEXT) AS BIGINT)
