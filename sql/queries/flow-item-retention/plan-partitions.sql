-- flow-item-retention: the partitions (team, UTC month of completion) of items completed before :cutoff.
-- Only completed items are eligible; open or canceled items are never archived, however old. Items whose own
-- timestamps Parquet cannot hold exactly are held back (their children are checked when the partition is locked).
-- The plan step runs it once (:workers 1) and stores the partitions for the workers (archive_plan_partitions).
-- Worker :worker of :workers takes every :workers-th month: only for executions planned before plans were stored.
SELECT team_id,
       to_char(completed_at, 'YYYY-MM')  AS completed_month,
       count(*)                          AS row_count,
       0                                 AS estimated_bytes,
       min(CAST(id AS TEXT))             AS first_id,
       max(CAST(id AS TEXT))             AS last_id
  FROM flow_items
 WHERE status = 'completed'
   AND completed_at < :cutoff
   AND archivable_timestamp(completed_at) AND archivable_timestamp(created_at) AND archivable_timestamp(updated_at)
   AND mod(CAST(extract(YEAR FROM completed_at) * 12 + extract(MONTH FROM completed_at) AS INTEGER), :workers)
       = :worker
 GROUP BY team_id, to_char(completed_at, 'YYYY-MM')
 ORDER BY completed_month, team_id
