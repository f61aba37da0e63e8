-- db-health: dead tuples per table of flowbatch's schema, as a share of all its tuples (vacuum not keeping up).
SELECT relname AS subject, n_dead_tup::double precision / (n_live_tup + n_dead_tup) AS value,
       format('%s dead of %s tuples; last autovacuum %s, last vacuum %s', n_dead_tup, n_live_tup + n_dead_tup,
              coalesce(last_autovacuum::text, 'never'), coalesce(last_vacuum::text, 'never')) AS detail
  FROM pg_stat_user_tables
 WHERE schemaname = current_schema()
   AND n_dead_tup > 0
 ORDER BY value DESC, relname
