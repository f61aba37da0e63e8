-- flow-item-retention: locks one partition's eligible items for the partition's transaction. Until it commits, no
-- transition or metric can be added to them (the foreign key check waits), and the items themselves cannot change.
-- An item with a timestamp Parquet cannot hold exactly, in itself or in one of its children, is not taken: it stays
-- with all its children (held back and reported by the plan).
SELECT CAST(id AS TEXT)
  FROM flow_items i
 WHERE team_id = :team_id
   AND status = 'completed'
   AND completed_at >= :month_start AND completed_at < :month_end AND completed_at < :cutoff
   AND archivable_timestamp(completed_at) AND archivable_timestamp(created_at) AND archivable_timestamp(updated_at)
   AND NOT EXISTS (SELECT 1 FROM stage_transitions t
                    WHERE t.flow_item_id = i.id AND NOT archivable_timestamp(t.transitioned_at))
   AND NOT EXISTS (SELECT 1 FROM stage_metrics m
                    WHERE m.flow_item_id = i.id
                      AND NOT (archivable_timestamp(m.started_at) AND archivable_timestamp(m.ended_at)))
 ORDER BY id
   FOR UPDATE
