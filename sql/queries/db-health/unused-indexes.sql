-- db-health: indexes never scanned since the statistics were reset, except those that enforce a constraint
-- (primary keys, unique): candidates to drop, by size.
SELECT i.indexrelname AS subject, pg_relation_size(i.indexrelid)::double precision AS value,
       format('on %s, %s bytes, 0 scans since %s', i.relname, pg_relation_size(i.indexrelid),
              coalesce((SELECT stats_reset::text FROM pg_stat_database WHERE datname = current_database()),
                       'the cluster started')) AS detail
  FROM pg_stat_user_indexes i
  JOIN pg_index x ON x.indexrelid = i.indexrelid
 WHERE i.schemaname = current_schema()
   AND i.idx_scan = 0
   AND NOT x.indisunique
   AND NOT x.indisprimary
 ORDER BY value DESC, subject
