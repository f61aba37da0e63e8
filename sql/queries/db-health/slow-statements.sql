-- db-health: the :slow_statements statements with the highest mean time, from pg_stat_statements (runbook 2); only
-- run when the extension is installed in this database.
SELECT queryid::text AS subject, mean_exec_time AS value,
       format('%s calls, mean %s ms, max %s ms, total %s ms: %s', calls, round(mean_exec_time::numeric, 1),
              round(max_exec_time::numeric, 1), round(total_exec_time::numeric), left(regexp_replace(query, '\s+', ' ', 'g'), 300)) AS detail
  FROM pg_stat_statements
 WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
 ORDER BY mean_exec_time DESC
 LIMIT :slow_statements
