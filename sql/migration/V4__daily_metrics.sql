-- daily-metrics job: per team, per day (in flowbatch.metrics.zone), per flow-item type. Definitions: docs/metrics.md.
CREATE TABLE team_daily_metrics (
    team_id                 VARCHAR(100)     NOT NULL,
    metric_date             DATE             NOT NULL,
    item_type               VARCHAR(50)      NOT NULL,
    items_completed         INTEGER          NOT NULL,
    items_started           INTEGER          NOT NULL,
    wip_end_of_day          INTEGER          NOT NULL,
    flow_time_p50_hours     DOUBLE PRECISION,
    flow_time_p85_hours     DOUBLE PRECISION,
    flow_time_p95_hours     DOUBLE PRECISION,
    flow_time_avg_hours     DOUBLE PRECISION,
    flow_efficiency_percent DOUBLE PRECISION,
    distribution_percent    DOUBLE PRECISION,
    sample_size             INTEGER          NOT NULL,
    computed_at             TIMESTAMP        NOT NULL,
    job_execution_id        BIGINT           NOT NULL,
    PRIMARY KEY (team_id, metric_date, item_type)
);

CREATE INDEX idx_team_daily_metrics_date ON team_daily_metrics (metric_date);

-- Per team and type: current load, last 30 days' velocity and flow time. Refreshed CONCURRENTLY by the job's last
-- step, so dashboards keep reading while it refreshes (that needs the unique index).
CREATE MATERIALIZED VIEW current_flow_metrics AS
WITH item_starts AS (
    SELECT f.id,
           f.team_id,
           f.item_type,
           f.status,
           f.completed_at,
           CASE WHEN t.transition_count = 0 THEN f.created_at ELSE t.first_start END AS started_at
      FROM flow_items f
      CROSS JOIN LATERAL (
            SELECT count(*)                                                  AS transition_count,
                   min(st.transitioned_at) FILTER (WHERE st.to_stage <> 'backlog') AS first_start
              FROM stage_transitions st
             WHERE st.flow_item_id = f.id) t
     WHERE f.item_type IN ('feature', 'defect', 'risk', 'debt')
       AND (f.status NOT IN ('completed', 'canceled')
            OR (f.status = 'completed' AND f.completed_at >= (now() AT TIME ZONE 'UTC') - INTERVAL '30 days'))
)
SELECT team_id,
       item_type,
       count(*) FILTER (WHERE status NOT IN ('completed', 'canceled') AND started_at IS NOT NULL) AS current_wip,
       count(*) FILTER (WHERE status = 'completed')                                              AS velocity_30d,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(EPOCH FROM completed_at - started_at) / 3600.0)
           FILTER (WHERE status = 'completed' AND started_at <= completed_at)                    AS flow_time_p50_hours_30d,
       percentile_cont(0.85) WITHIN GROUP (ORDER BY extract(EPOCH FROM completed_at - started_at) / 3600.0)
           FILTER (WHERE status = 'completed' AND started_at <= completed_at)                    AS flow_time_p85_hours_30d,
       now() AT TIME ZONE 'UTC'                                                                  AS refreshed_at
  FROM item_starts
 GROUP BY team_id, item_type;

CREATE UNIQUE INDEX current_flow_metrics_team_type ON current_flow_metrics (team_id, item_type);
