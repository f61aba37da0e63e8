-- daily-metrics: recomputes every (team, day, item type) row for the days :from_day..:to_day (calendar days in the
-- zone :zone) in one statement, set-based: PostgreSQL reads the transitions, the JVM only passes the day range.
-- Upserts the fresh rows and deletes rows of those days that no longer have any activity, in the same statement,
-- so readers never see a day half-written or empty. Definitions: docs/metrics.md.
WITH bounds AS (
    -- The UTC instants where the range's first local day starts and its last one ends (DST-correct).
    SELECT (CAST(:from_day AS DATE)::TIMESTAMP AT TIME ZONE :zone) AT TIME ZONE 'UTC'                     AS range_start,
           ((CAST(:to_day AS DATE) + 1)::TIMESTAMP AT TIME ZONE :zone) AT TIME ZONE 'UTC'                  AS range_end
),
items AS (
    -- Every item that can count on one of these days: not completed or canceled before the range, created before
    -- its end. Its start is its first transition into a non-backlog stage, or its creation if it has no transitions.
    SELECT f.id,
           f.team_id,
           f.item_type,
           f.status,
           f.completed_at,
           CASE WHEN f.status = 'canceled' THEN f.updated_at END                                          AS canceled_at,
           CASE WHEN t.transition_count = 0 THEN f.created_at ELSE t.first_start END                      AS started_at
      FROM flow_items f
      CROSS JOIN bounds b
      CROSS JOIN LATERAL (
            SELECT count(*)                                                              AS transition_count,
                   min(st.transitioned_at) FILTER (WHERE st.to_stage <> 'backlog')       AS first_start
              FROM stage_transitions st
             WHERE st.flow_item_id = f.id) t
     WHERE f.item_type IN ('feature', 'defect', 'risk', 'debt')
       AND f.created_at < b.range_end
       AND (f.completed_at IS NULL OR f.completed_at >= b.range_start OR f.status <> 'completed')
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
completed AS (
    SELECT d.team_id,
           d.completed_day AS metric_date,
           d.item_type,
           count(*)                                                                                       AS items_completed,
           count(flow_time.hours)                                                                         AS sample_size,
           percentile_cont(0.50) WITHIN GROUP (ORDER BY flow_time.hours)                                  AS p50,
           percentile_cont(0.85) WITHIN GROUP (ORDER BY flow_time.hours)                                  AS p85,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY flow_time.hours)                                  AS p95,
           avg(flow_time.hours)                                                                           AS avg_hours,
           sum(effort.active_seconds)                                                                     AS active_seconds,
           sum(effort.total_seconds)                                                                      AS total_seconds
      FROM local_days d
      CROSS JOIN LATERAL (
            SELECT CASE WHEN d.started_at <= d.completed_at
                        THEN extract(EPOCH FROM d.completed_at - d.started_at) / 3600.0 END             AS hours) flow_time
      CROSS JOIN LATERAL (
            SELECT sum(sm.active_time_seconds)                                                            AS active_seconds,
                   sum(coalesce(sm.active_time_seconds, 0) + coalesce(sm.wait_time_seconds, 0))           AS total_seconds
              FROM stage_metrics sm
             WHERE sm.flow_item_id = d.id) effort
     WHERE d.status = 'completed'
       AND d.completed_day BETWEEN CAST(:from_day AS DATE) AND CAST(:to_day AS DATE)
     GROUP BY d.team_id, d.completed_day, d.item_type
),
started AS (
    SELECT team_id, start_day AS metric_date, item_type, count(*) AS items_started
      FROM local_days
     WHERE start_day BETWEEN CAST(:from_day AS DATE) AND CAST(:to_day AS DATE)
     GROUP BY team_id, start_day, item_type
),
wip AS (
    -- In progress at the end of day D: started on or before D, not completed or canceled on or before D.
    SELECT d.team_id, day.metric_date, d.item_type, count(*) AS wip_end_of_day
      FROM local_days d
      CROSS JOIN LATERAL generate_series(greatest(d.start_day, CAST(:from_day AS DATE)),
                                         least(coalesce(d.end_day - 1, CAST(:to_day AS DATE)), CAST(:to_day AS DATE)),
                                         INTERVAL '1 day') AS day(metric_date)
     WHERE d.started_at IS NOT NULL
     GROUP BY d.team_id, day.metric_date, d.item_type
),
fresh AS (
    SELECT k.team_id,
           k.metric_date,
           k.item_type,
           coalesce(c.items_completed, 0)                                                                 AS items_completed,
           coalesce(s.items_started, 0)                                                                   AS items_started,
           coalesce(w.wip_end_of_day, 0)                                                                  AS wip_end_of_day,
           c.p50, c.p85, c.p95, c.avg_hours,
           100.0 * c.active_seconds / nullif(c.total_seconds, 0)                                          AS flow_efficiency_percent,
           100.0 * coalesce(c.items_completed, 0)
               / nullif(sum(coalesce(c.items_completed, 0)) OVER (PARTITION BY k.team_id, k.metric_date), 0)
                                                                                                          AS distribution_percent,
           coalesce(c.sample_size, 0)                                                                     AS sample_size
      FROM (SELECT team_id, metric_date, item_type FROM completed
            UNION SELECT team_id, metric_date::DATE, item_type FROM started
            UNION SELECT team_id, metric_date::DATE, item_type FROM wip) k
      LEFT JOIN completed c ON (c.team_id, c.metric_date, c.item_type) = (k.team_id, k.metric_date, k.item_type)
      LEFT JOIN started s ON (s.team_id, s.metric_date, s.item_type) = (k.team_id, k.metric_date, k.item_type)
      LEFT JOIN wip w ON (w.team_id, w.metric_date::DATE, w.item_type) = (k.team_id, k.metric_date, k.item_type)
),
upserted AS (
    INSERT INTO team_daily_metrics (team_id, metric_date, item_type, items_completed, items_started, wip_end_of_day,
                                    flow_time_p50_hours, flow_time_p85_hours, flow_time_p95_hours, flow_time_avg_hours,
                                    flow_efficiency_percent, distribution_percent, sample_size, computed_at,
                                    job_execution_id)
    SELECT team_id, metric_date, item_type, items_completed, items_started, wip_end_of_day, p50, p85, p95, avg_hours,
           flow_efficiency_percent, distribution_percent, sample_size, now() AT TIME ZONE 'UTC', :execution_id
      FROM fresh
    ON CONFLICT (team_id, metric_date, item_type) DO UPDATE
       SET items_completed         = excluded.items_completed,
           items_started           = excluded.items_started,
           wip_end_of_day          = excluded.wip_end_of_day,
           flow_time_p50_hours     = excluded.flow_time_p50_hours,
           flow_time_p85_hours     = excluded.flow_time_p85_hours,
           flow_time_p95_hours     = excluded.flow_time_p95_hours,
           flow_time_avg_hours     = excluded.flow_time_avg_hours,
           flow_efficiency_percent = excluded.flow_efficiency_percent,
           distribution_percent    = excluded.distribution_percent,
           sample_size             = excluded.sample_size,
           computed_at             = excluded.computed_at,
           job_execution_id        = excluded.job_execution_id
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
