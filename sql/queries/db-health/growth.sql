-- db-health: the database's growth from the history in db_health_sizes: bytes per day between the earliest snapshot
-- of the 7 days before :snapshot_date and :snapshot_date's, as bytes per week, and the days until :capacity_bytes
-- at that rate (NULL when no capacity is configured, or the database does not grow).
WITH day AS (
    SELECT CAST(:snapshot_date AS date) AS snapshot_date
),
today AS (
    SELECT bytes FROM db_health_sizes
     WHERE relation_kind = 'database' AND relation_name = current_database() AND snapshot_date = (SELECT snapshot_date FROM day)
),
week_ago AS (
    SELECT snapshot_date, bytes FROM db_health_sizes
     WHERE relation_kind = 'database' AND relation_name = current_database()
       AND snapshot_date >= (SELECT snapshot_date - 7 FROM day) AND snapshot_date < (SELECT snapshot_date FROM day)
     ORDER BY snapshot_date
     LIMIT 1
),
rate AS (
    SELECT t.bytes, (t.bytes - w.bytes)::double precision / (d.snapshot_date - w.snapshot_date) AS bytes_per_day,
           d.snapshot_date - w.snapshot_date AS days
      FROM today t CROSS JOIN week_ago w CROSS JOIN day d
)
SELECT 'growth-per-week' AS subject, bytes_per_day * 7 AS value,
       format('%s bytes now, %s bytes per day over the last %s days', bytes, round(bytes_per_day), days) AS detail
  FROM rate
UNION ALL
SELECT 'disk-full-in-days', (CAST(:capacity_bytes AS bigint) - bytes) / bytes_per_day,
       format('%s of %s bytes used; full in %s days at %s bytes per day', bytes, CAST(:capacity_bytes AS bigint),
              floor((CAST(:capacity_bytes AS bigint) - bytes) / bytes_per_day), round(bytes_per_day))
  FROM rate
 WHERE CAST(:capacity_bytes AS bigint) IS NOT NULL AND bytes_per_day > 0
