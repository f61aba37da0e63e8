-- db-health: sessions idle in a transaction for longer than :idle_seconds: they hold locks and stop vacuum.
SELECT pid::text AS subject, extract(EPOCH FROM now() - state_change) AS value,
       format('%s@%s (%s) %s for %s s; last statement: %s', usename, datname,
              coalesce(nullif(application_name, ''), '-'), state, round(extract(EPOCH FROM now() - state_change)),
              left(regexp_replace(query, '\s+', ' ', 'g'), 200)) AS detail
  FROM pg_stat_activity
 WHERE state IN ('idle in transaction', 'idle in transaction (aborted)')
   AND pid <> pg_backend_pid()
   AND now() - state_change > make_interval(secs => :idle_seconds)
 ORDER BY value DESC
