-- flow-item-retention: locks one partition's eligible items for the batch's transaction. Until it commits, no
-- transition or metric can be added to them (the foreign key check waits), so what is exported, verified and deleted
-- (with ON DELETE CASCADE) is the same set of rows.
SELECT id
  FROM flow_items
 WHERE team_id = :team_id
   AND status = 'completed'
   AND completed_at >= :month_start AND completed_at < :month_end AND completed_at < :cutoff
 ORDER BY id
   FOR UPDATE
