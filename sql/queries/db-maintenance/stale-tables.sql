-- db-maintenance: the tables of flowbatch's schema (flow-metrics, the job repository, flowbatch's own) whose rows
-- modified since the last analyze (and, for vacuum, whose dead tuples) reach :min_modified_rows and
-- :modified_fraction of their live rows: the archive jobs' deletes make them stale. Largest change first.
SELECT relname AS target
  FROM pg_stat_user_tables
 WHERE schemaname = current_schema()
   AND greatest(n_mod_since_analyze, CASE WHEN :with_dead_tuples THEN n_dead_tup ELSE 0 END) >= :min_modified_rows
   AND greatest(n_mod_since_analyze, CASE WHEN :with_dead_tuples THEN n_dead_tup ELSE 0 END)
       >= :modified_fraction * n_live_tup
 ORDER BY greatest(n_mod_since_analyze, CASE WHEN :with_dead_tuples THEN n_dead_tup ELSE 0 END) DESC, relname
