-- flow-item-retention: completed items the run would archive but leaves in PostgreSQL with all their children,
-- because a timestamp of the item or of one of its children cannot be archived exactly (infinity, -infinity, beyond
-- Parquet's range): the offending row, column and value.
WITH eligible AS (
    SELECT id, created_at, updated_at, completed_at
      FROM flow_items
     WHERE status = 'completed' AND completed_at < :cutoff
)
SELECT 'flow_items' AS dataset, CAST(i.id AS TEXT) AS row_id, v.column_name, CAST(v.value AS TEXT) AS column_value
  FROM eligible i
 CROSS JOIN LATERAL (VALUES ('created_at', i.created_at), ('updated_at', i.updated_at),
                            ('completed_at', i.completed_at)) AS v(column_name, value)
 WHERE NOT archivable_timestamp(v.value)
UNION ALL
SELECT 'stage_transitions', CAST(t.id AS TEXT), 'transitioned_at', CAST(t.transitioned_at AS TEXT)
  FROM stage_transitions t JOIN eligible i ON i.id = t.flow_item_id
 WHERE NOT archivable_timestamp(t.transitioned_at)
UNION ALL
SELECT 'stage_metrics', CAST(m.id AS TEXT), v.column_name, CAST(v.value AS TEXT)
  FROM stage_metrics m JOIN eligible i ON i.id = m.flow_item_id
 CROSS JOIN LATERAL (VALUES ('started_at', m.started_at), ('ended_at', m.ended_at)) AS v(column_name, value)
 WHERE NOT archivable_timestamp(v.value)
 ORDER BY 1, 2, 3
