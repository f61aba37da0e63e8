-- flowbatch demo: the newest daily metrics the daily-metrics job wrote, a few rows per team.
SELECT team_id,
       metric_date,
       item_type,
       items_completed,
       wip_end_of_day,
       round(flow_time_p85_hours::numeric, 1)     AS flow_time_p85_hours,
       round(flow_efficiency_percent::numeric, 1) AS flow_efficiency_percent
FROM team_daily_metrics
WHERE metric_date = (SELECT max(metric_date) FROM team_daily_metrics)
ORDER BY team_id, item_type
LIMIT 8
