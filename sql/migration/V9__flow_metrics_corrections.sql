-- daily-metrics corrections (docs/metrics.md): flow efficiency over the stages after backlog, WIP only of items that
-- left backlog, every item type, a team-level row (item_type 'all') with 7-day velocity and the team's limit and
-- targets, per-stage daily metrics. Recomputes nothing: an operator backfills (docs/metrics.md, "After upgrading").

ALTER TABLE team_daily_metrics
    ADD COLUMN velocity_7d                    INTEGER,
    ADD COLUMN wip_limit                      INTEGER,
    ADD COLUMN wip_over_limit                 BOOLEAN,
    ADD COLUMN flow_time_target_hours         INTEGER,
    ADD COLUMN flow_time_p85_over_target      BOOLEAN,
    ADD COLUMN flow_efficiency_target_percent INTEGER,
    ADD COLUMN flow_efficiency_under_target   BOOLEAN;

-- Per team, day (in flowbatch.metrics.zone) and stage, over the stage_metrics rows that ended that day: where items
-- wait.
CREATE TABLE stage_daily_metrics (
    team_id                 VARCHAR(100)     NOT NULL,
    metric_date             DATE             NOT NULL,
    stage                   VARCHAR(50)      NOT NULL,
    items_exited            INTEGER          NOT NULL,
    active_hours_avg        DOUBLE PRECISION,
    wait_hours_avg          DOUBLE PRECISION,
    time_in_stage_hours_p85 DOUBLE PRECISION,
    computed_at             TIMESTAMP        NOT NULL,
    job_execution_id        BIGINT           NOT NULL,
    PRIMARY KEY (team_id, metric_date, stage)
);

CREATE INDEX idx_stage_daily_metrics_date ON stage_daily_metrics (metric_date);

-- Per team and type, plus 'all' per team: current load, last 30 days' velocity, flow time and flow efficiency, with the
-- same definitions as team_daily_metrics.
DROP MATERIALIZED VIEW current_flow_metrics;

CREATE MATERIALIZED VIEW current_flow_metrics AS
WITH item_starts AS (
    SELECT f.id,
           f.team_id,
           f.item_type,
           f.status,
           f.completed_at,
           (SELECT min(st.transitioned_at) FROM stage_transitions st
             WHERE st.flow_item_id = f.id AND st.to_stage <> 'backlog')                                  AS started_at
      FROM flow_items f
     WHERE f.status NOT IN ('completed', 'canceled')
        OR (f.status = 'completed' AND f.completed_at >= (now() AT TIME ZONE 'UTC') - INTERVAL '30 days')
),
typed AS (
    SELECT s.*, s.item_type AS metric_type FROM item_starts s
    UNION ALL
    SELECT s.*, 'all' FROM item_starts s
),
measured AS (
    SELECT t.*,
           CASE WHEN t.status = 'completed' AND t.started_at <= t.completed_at
                THEN extract(EPOCH FROM t.completed_at - t.started_at) / 3600.0 END                      AS flow_time_hours,
           effort.active_seconds,
           effort.total_seconds
      FROM typed t
      CROSS JOIN LATERAL (
            SELECT sum(sm.active_time_seconds)                                                            AS active_seconds,
                   sum(coalesce(sm.active_time_seconds, 0) + coalesce(sm.wait_time_seconds, 0))           AS total_seconds
              FROM stage_metrics sm
             WHERE sm.flow_item_id = t.id AND sm.stage <> 'backlog' AND t.status = 'completed') effort
)
SELECT team_id,
       metric_type                                                                                AS item_type,
       count(*) FILTER (WHERE status NOT IN ('completed', 'canceled') AND started_at IS NOT NULL) AS current_wip,
       count(*) FILTER (WHERE status = 'completed')                                              AS velocity_30d,
       percentile_cont(0.50) WITHIN GROUP (ORDER BY flow_time_hours)                              AS flow_time_p50_hours_30d,
       percentile_cont(0.85) WITHIN GROUP (ORDER BY flow_time_hours)                              AS flow_time_p85_hours_30d,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY flow_time_hours)                              AS flow_time_p95_hours_30d,
       100.0 * sum(active_seconds) / nullif(sum(total_seconds), 0)                                AS flow_efficiency_percent_30d,
       now() AT TIME ZONE 'UTC'                                                                   AS refreshed_at
  FROM measured
 GROUP BY team_id, metric_type;

CREATE UNIQUE INDEX current_flow_metrics_team_type ON current_flow_metrics (team_id, item_type);
