-- daily-metrics: recomputes stage_daily_metrics for the days :from_day..:to_day (calendar days in :zone): per team,
-- day and stage, over the stage_metrics rows that ended that day, how many items left the stage and how long they were
-- active, waiting and in it. Upserts and deletes rows of days without exits, as upsert-days.sql does.
WITH bounds AS (
    SELECT (CAST(:from_day AS DATE)::TIMESTAMP AT TIME ZONE :zone) AT TIME ZONE 'UTC'                     AS range_start,
           ((CAST(:to_day AS DATE) + 1)::TIMESTAMP AT TIME ZONE :zone) AT TIME ZONE 'UTC'                  AS range_end
),
fresh AS (
    SELECT f.team_id,
           ((sm.ended_at AT TIME ZONE 'UTC') AT TIME ZONE :zone)::DATE                                    AS metric_date,
           sm.stage,
           count(*)                                                                                       AS items_exited,
           avg(sm.active_time_seconds) / 3600.0                                                           AS active_hours_avg,
           avg(sm.wait_time_seconds) / 3600.0                                                             AS wait_hours_avg,
           percentile_cont(0.85) WITHIN GROUP (
               ORDER BY extract(EPOCH FROM sm.ended_at - sm.started_at) / 3600.0)                        AS time_in_stage_p85
      FROM stage_metrics sm
      JOIN flow_items f ON f.id = sm.flow_item_id
      CROSS JOIN bounds b
     WHERE sm.ended_at >= b.range_start AND sm.ended_at < b.range_end
     GROUP BY f.team_id, 2, sm.stage
),
upserted AS (
    INSERT INTO stage_daily_metrics (team_id, metric_date, stage, items_exited, active_hours_avg, wait_hours_avg,
                                     time_in_stage_hours_p85, computed_at, job_execution_id)
    SELECT team_id, metric_date, stage, items_exited, active_hours_avg, wait_hours_avg, time_in_stage_p85,
           now() AT TIME ZONE 'UTC', :execution_id
      FROM fresh
    ON CONFLICT (team_id, metric_date, stage) DO UPDATE
       SET items_exited            = excluded.items_exited,
           active_hours_avg        = excluded.active_hours_avg,
           wait_hours_avg          = excluded.wait_hours_avg,
           time_in_stage_hours_p85 = excluded.time_in_stage_hours_p85,
           computed_at             = excluded.computed_at,
           job_execution_id        = excluded.job_execution_id
    RETURNING 1
),
vanished AS (
    DELETE FROM stage_daily_metrics m
     WHERE m.metric_date BETWEEN CAST(:from_day AS DATE) AND CAST(:to_day AS DATE)
       AND NOT EXISTS (SELECT 1 FROM fresh f WHERE (f.team_id, f.metric_date, f.stage) = (m.team_id, m.metric_date, m.stage))
    RETURNING 1
)
SELECT (SELECT count(*) FROM upserted) AS upserted, (SELECT count(*) FROM vanished) AS deleted
