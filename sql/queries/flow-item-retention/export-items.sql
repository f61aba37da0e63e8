-- flow-item-retention: every column of the locked items, in id order.
SELECT id::TEXT AS id, external_id, team_id, item_type, title, description, story_points, current_stage, status,
       created_at, updated_at, completed_at, labels::TEXT AS labels, metadata::TEXT AS metadata
  FROM flow_items
 WHERE id = ANY(CAST(:ids AS UUID[]))
 ORDER BY id
