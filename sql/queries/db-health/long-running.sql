-- db-health: statements running longer than :long_running_seconds (runbook 1), longest first.
SELECT pid::text AS subject, extract(EPOCH FROM now() - query_start) AS value,
       format('%s@%s (%s) running %s s: %s', usename, datname, coalesce(nullif(application_name, ''), '-'),
              round(extract(EPOCH FROM now() - query_start)), left(regexp_replace(query, '\s+', ' ', 'g'), 200)) AS detail
  FROM pg_stat_activity
 WHERE state = 'active'
   AND backend_type = 'client backend'
   AND pid <> pg_backend_pid()
   AND now() - query_start > make_interval(secs => :long_running_seconds)
 ORDER BY value DESC
