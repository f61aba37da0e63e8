-- daily-metrics: recomputes every (team, day, item type) row, and every team's 'all' row, for the days
-- :from_day..:to_day (calendar days in the zone :zone) in one statement, set-based: PostgreSQL reads the transitions,
-- the JVM only passes the day range. Upserts the fresh rows and deletes rows of those days that no longer have any
-- activity, in the same statement, so readers never see a day half-written or empty. Definitions: docs/metrics.md.
WITH bounds AS (
    -- The UTC instants where the range's first local day starts and its last one ends (DST-correct), and where the
    -- 7-day velocity of its first day starts.
    SELECT (CAST(:from_day AS DATE)::TIMESTAMP AT TIME ZONE :zone) AT TIME ZONE 'UTC'                     AS range_start,
           ((CAST(:to_day AS DATE) + 1)::TIMESTAMP AT TIME ZONE :zone) AT TIME ZONE 'UTC'                  AS range_end,
           ((CAST(:from_day AS DATE) - 6)::TIMESTAMP AT TIME ZONE :zone) AT TIME ZONE 'UTC'                AS velocity_start
),
items AS (
    -- Every item that can count on one of these days (or in the 7-day velocity of the first): not completed or
    -- canceled before, created before the range's end. Its start is its first transition out of backlog; an item
    -- that never left backlog has none (no WIP, no flow time), whatever its status.
    SELECT f.id,
           f.team_id,
           f.item_type,
           f.status,
           f.completed_at,
           CASE WHEN f.status = 'canceled' THEN f.updated_at END                                          AS canceled_at,
           (SELECT min(st.transitioned_at) FROM stage_transitions st
             WHERE st.flow_item_id = f.id AND st.to_stage <> 'backlog')                                  AS started_at
      FROM flow_items f
      CROSS JOIN bounds b
     WHERE f.created_at < b.range_end
       AND (f.completed_at IS NULL OR f.completed_at >= b.velocity_start OR f.status <> 'completed')
       AND (f.status <> 'canceled' OR f.updated_at >= b.range_start)
),
local_days AS (
    -- Each moment as the calendar day it falls on in :zone.
    SELECT i.*,
           ((i.started_at AT TIME ZONE 'UTC') AT TIME ZONE :zone)::DATE                                   AS start_day,
           ((i.completed_at AT TIME ZONE 'UTC') AT TIME ZONE :zone)::DATE                                 AS completed_day,
           ((coalesce(CASE WHEN i.status = 'completed' THEN i.completed_at END, i.canceled_at)
                AT TIME ZONE 'UTC') AT TIME ZONE :zone)::DATE                                             AS end_day
      FROM items i
),
measured AS (
    -- Each completed item's flow time and its active and total time in the stages after backlog (the same window as
    -- flow time), looked up once per item.
    SELECT d.*,
           CASE WHEN d.started_at <= d.completed_at
                THEN extract(EPOCH FROM d.completed_at - d.started_at) / 3600.0 END                      AS flow_time_hours,
           effort.active_seconds,
           effort.total_seconds
      FROM local_days d
      CROSS JOIN LATERAL (
            SELECT sum(sm.active_time_seconds)                                                            AS active_seconds,
                   sum(coalesce(sm.active_time_seconds, 0) + coalesce(sm.wait_time_seconds, 0))           AS total_seconds
              FROM stage_metrics sm
             WHERE d.status = 'completed' AND sm.flow_item_id = d.id AND sm.stage <> 'backlog') effort
),
typed AS (
    -- Each item counts under its own type and under its team's 'all'.
    SELECT d.*, d.item_type AS metric_type FROM measured d
    UNION ALL
    SELECT d.*, 'all' FROM measured d
),
completed AS (
    SELECT team_id,
           completed_day                                                                                  AS metric_date,
           metric_type,
           count(*)                                                                                       AS items_completed,
           count(flow_time_hours)                                                                         AS sample_size,
           percentile_cont(0.50) WITHIN GROUP (ORDER BY flow_time_hours)                                  AS p50,
           percentile_cont(0.85) WITHIN GROUP (ORDER BY flow_time_hours)                                  AS p85,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY flow_time_hours)                                  AS p95,
           avg(flow_time_hours)                                                                           AS avg_hours,
           sum(active_seconds)                                                                            AS active_seconds,
           sum(total_seconds)                                                                             AS total_seconds
      FROM typed
     WHERE status = 'completed'
       AND completed_day BETWEEN CAST(:from_day AS DATE) - 6 AND CAST(:to_day AS DATE)
     GROUP BY team_id, completed_day, metric_type
),
started AS (
    SELECT team_id, start_day AS metric_date, metric_type, count(*) AS items_started
      FROM typed
     WHERE start_day BETWEEN CAST(:from_day AS DATE) AND CAST(:to_day AS DATE)
     GROUP BY team_id, start_day, metric_type
),
wip AS (
    -- In progress at the end of day D: left backlog on or before D, not completed or canceled on or before D.
    SELECT d.team_id, day.metric_date::DATE AS metric_date, d.metric_type, count(*) AS wip_end_of_day
      FROM typed d
      CROSS JOIN LATERAL generate_series(greatest(d.start_day, CAST(:from_day AS DATE)),
                                         least(coalesce(d.end_day - 1, CAST(:to_day AS DATE)), CAST(:to_day AS DATE)),
                                         INTERVAL '1 day') AS day(metric_date)
     WHERE d.started_at IS NOT NULL
     GROUP BY d.team_id, day.metric_date, d.metric_type
),
keys AS (
    SELECT team_id, metric_date, metric_type FROM completed
     WHERE metric_date BETWEEN CAST(:from_day AS DATE) AND CAST(:to_day AS DATE)
    UNION SELECT team_id, metric_date, metric_type FROM started
    UNION SELECT team_id, metric_date, metric_type FROM wip
),
velocity AS (
    -- Completions in the 7 days ending on each day (the days before the range come from completed).
    SELECT team_id, metric_date, metric_type, max(velocity_7d) AS velocity_7d
      FROM (SELECT team_id, metric_date, metric_type,
                   sum(n) OVER (PARTITION BY team_id, metric_type ORDER BY metric_date
                                RANGE BETWEEN INTERVAL '6 days' PRECEDING AND CURRENT ROW)                AS velocity_7d
              FROM (SELECT team_id, metric_date, metric_type, items_completed AS n FROM completed
                    UNION ALL
                    SELECT team_id, metric_date, metric_type, 0 FROM keys) days) windowed
     GROUP BY team_id, metric_date, metric_type
),
fresh AS (
    SELECT k.team_id,
           k.metric_date,
           k.metric_type                                                                                  AS item_type,
           coalesce(c.items_completed, 0)                                                                 AS items_completed,
           coalesce(s.items_started, 0)                                                                   AS items_started,
           coalesce(w.wip_end_of_day, 0)                                                                  AS wip_end_of_day,
           c.p50, c.p85, c.p95, c.avg_hours,
           100.0 * c.active_seconds / nullif(c.total_seconds, 0)                                          AS flow_efficiency_percent,
           -- Of the team's completions that day, over all types (the 'all' row: 100).
           100.0 * coalesce(c.items_completed, 0)
               / nullif(sum(coalesce(c.items_completed, 0)) FILTER (WHERE k.metric_type <> 'all')
                            OVER (PARTITION BY k.team_id, k.metric_date), 0)                             AS distribution_percent,
           coalesce(c.sample_size, 0)                                                                     AS sample_size,
           v.velocity_7d
      FROM keys k
      JOIN velocity v ON (v.team_id, v.metric_date, v.metric_type) = (k.team_id, k.metric_date, k.metric_type)
      LEFT JOIN completed c ON (c.team_id, c.metric_date, c.metric_type) = (k.team_id, k.metric_date, k.metric_type)
      LEFT JOIN started s ON (s.team_id, s.metric_date, s.metric_type) = (k.team_id, k.metric_date, k.metric_type)
      LEFT JOIN wip w ON (w.team_id, w.metric_date, w.metric_type) = (k.team_id, k.metric_date, k.metric_type)
),
judged AS (
    -- The team's WIP limit and targets, on its 'all' row only (percentiles cannot be combined across types).
    SELECT f.*,
           t.wip_limit,
           f.wip_end_of_day > t.wip_limit                                                                 AS wip_over_limit,
           t.target_flow_time_hours                                                                       AS flow_time_target_hours,
           f.p85 > t.target_flow_time_hours                                                               AS flow_time_p85_over_target,
           t.target_flow_efficiency_percent                                                               AS flow_efficiency_target_percent,
           f.flow_efficiency_percent < t.target_flow_efficiency_percent                                   AS flow_efficiency_under_target
      FROM fresh f
      LEFT JOIN teams t ON t.id = f.team_id AND f.item_type = 'all'
),
upserted AS (
    INSERT INTO team_daily_metrics (team_id, metric_date, item_type, items_completed, items_started, wip_end_of_day,
                                    flow_time_p50_hours, flow_time_p85_hours, flow_time_p95_hours, flow_time_avg_hours,
                                    flow_efficiency_percent, distribution_percent, sample_size, velocity_7d,
                                    wip_limit, wip_over_limit, flow_time_target_hours, flow_time_p85_over_target,
                                    flow_efficiency_target_percent, flow_efficiency_under_target, computed_at,
                                    job_execution_id)
    SELECT team_id, metric_date, item_type, items_completed, items_started, wip_end_of_day, p50, p85, p95, avg_hours,
           flow_efficiency_percent, distribution_percent, sample_size, velocity_7d, wip_limit, wip_over_limit,
           flow_time_target_hours, flow_time_p85_over_target, flow_efficiency_target_percent,
           flow_efficiency_under_target, now() AT TIME ZONE 'UTC', :execution_id
      FROM judged
    ON CONFLICT (team_id, metric_date, item_type) DO UPDATE
       SET items_completed                = excluded.items_completed,
           items_started                  = excluded.items_started,
           wip_end_of_day                 = excluded.wip_end_of_day,
           flow_time_p50_hours            = excluded.flow_time_p50_hours,
           flow_time_p85_hours            = excluded.flow_time_p85_hours,
           flow_time_p95_hours            = excluded.flow_time_p95_hours,
           flow_time_avg_hours            = excluded.flow_time_avg_hours,
           flow_efficiency_percent        = excluded.flow_efficiency_percent,
           distribution_percent           = excluded.distribution_percent,
           sample_size                    = excluded.sample_size,
           velocity_7d                    = excluded.velocity_7d,
           wip_limit                      = excluded.wip_limit,
           wip_over_limit                 = excluded.wip_over_limit,
           flow_time_target_hours         = excluded.flow_time_target_hours,
           flow_time_p85_over_target      = excluded.flow_time_p85_over_target,
           flow_efficiency_target_percent = excluded.flow_efficiency_target_percent,
           flow_efficiency_under_target   = excluded.flow_efficiency_under_target,
           computed_at                    = excluded.computed_at,
           job_execution_id               = excluded.job_execution_id
    RETURNING 1
),
vanished AS (
    DELETE FROM team_daily_metrics m
     WHERE m.metric_date BETWEEN CAST(:from_day AS DATE) AND CAST(:to_day AS DATE)
       AND NOT EXISTS (SELECT 1 FROM fresh f
                        WHERE (f.team_id, f.metric_date, f.item_type) = (m.team_id, m.metric_date, m.item_type))
    RETURNING 1
)
SELECT (SELECT count(*) FROM upserted) AS upserted, (SELECT count(*) FROM vanished) AS deleted
