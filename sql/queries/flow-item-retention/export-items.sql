-- flow-item-retention: every column of the locked items, in id order, with each row's version (xmin).
SELECT CAST(id AS TEXT) AS id, external_id, team_id, item_type, title, description, story_points, current_stage,
       status, created_at, updated_at, completed_at, CAST(labels AS TEXT) AS labels, CAST(metadata AS TEXT) AS metadata,
       CAST(CAST(xmin AS TEXT) AS BIGINT) AS row_version
  FROM flow_items
 WHERE id = ANY(CAST(:locked_ids AS UUID[]))
 ORDER BY id
