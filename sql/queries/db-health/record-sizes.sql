-- db-health: today's size of every table of flowbatch's schema (pg_total_relation_size: with its indexes and TOAST),
-- of every index and of the database; a rerun on the same day replaces the day's rows.
INSERT INTO db_health_sizes (snapshot_date, relation_name, relation_kind, table_name, bytes, live_tuples, dead_tuples,
                             job_execution_id, recorded_at)
SELECT CAST(:snapshot_date AS date), t.relname, 'table', t.relname, pg_total_relation_size(t.relid), t.n_live_tup, t.n_dead_tup,
       :job_execution_id, now() AT TIME ZONE 'UTC'
  FROM pg_stat_user_tables t
 WHERE t.schemaname = current_schema()
UNION ALL
SELECT CAST(:snapshot_date AS date), i.indexrelname, 'index', i.relname, pg_relation_size(i.indexrelid), NULL, NULL,
       :job_execution_id, now() AT TIME ZONE 'UTC'
  FROM pg_stat_user_indexes i
 WHERE i.schemaname = current_schema()
UNION ALL
SELECT CAST(:snapshot_date AS date), current_database(), 'database', NULL, pg_database_size(current_database()), NULL, NULL,
       :job_execution_id, now() AT TIME ZONE 'UTC'
ON CONFLICT (snapshot_date, relation_kind, relation_name) DO UPDATE
   SET table_name = EXCLUDED.table_name, bytes = EXCLUDED.bytes, live_tuples = EXCLUDED.live_tuples,
       dead_tuples = EXCLUDED.dead_tuples, job_execution_id = EXCLUDED.job_execution_id,
       recorded_at = EXCLUDED.recorded_at
