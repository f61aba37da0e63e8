-- db-health: client connections against max_connections (runbook 1).
SELECT 'connections' AS subject, count(*)::double precision AS value,
       format('%s of max_connections %s (%s active, %s idle, %s idle in transaction)', count(*),
              current_setting('max_connections'), count(*) FILTER (WHERE state = 'active'),
              count(*) FILTER (WHERE state = 'idle'), count(*) FILTER (WHERE state LIKE 'idle in transaction%')) AS detail
  FROM pg_stat_activity
 WHERE backend_type = 'client backend'
UNION ALL
SELECT 'max_connections', current_setting('max_connections')::double precision, 'the server''s max_connections'
