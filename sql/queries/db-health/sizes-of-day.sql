-- db-health: the tables' and the database's sizes and tuples recorded for a day.
SELECT relation_name, relation_kind, bytes, live_tuples, dead_tuples
  FROM db_health_sizes
 WHERE snapshot_date = :snapshot_date
   AND relation_kind IN ('table', 'database')
 ORDER BY relation_kind, relation_name
