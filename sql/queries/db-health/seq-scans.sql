-- db-health: sequential scans on large tables (at least :large_table_rows live rows): a missing index, by rows read.
SELECT relname AS subject, seq_tup_read::double precision AS value,
       format('%s sequential scans read %s rows (%s per scan) of %s live rows; %s index scans', seq_scan,
              seq_tup_read, seq_tup_read / nullif(seq_scan, 0), n_live_tup, coalesce(idx_scan, 0)) AS detail
  FROM pg_stat_user_tables
 WHERE schemaname = current_schema()
   AND n_live_tup >= :large_table_rows
   AND seq_scan > 0
 ORDER BY value DESC, subject
