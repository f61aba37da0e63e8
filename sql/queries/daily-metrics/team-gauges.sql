-- daily-metrics: each team's 'all' row of :date, with how many of its days since the last one within target had a
-- p85 flow time over the team's target (days without activity have no row and do not break the streak).
SELECT m.team_id,
       m.wip_end_of_day,
       m.wip_limit,
       m.flow_time_p85_hours,
       m.flow_time_target_hours,
       (SELECT count(*)
          FROM team_daily_metrics h
         WHERE h.team_id = m.team_id AND h.item_type = 'all'
           AND h.metric_date <= :date AND h.flow_time_p85_over_target
           AND h.metric_date > coalesce((SELECT max(w.metric_date) FROM team_daily_metrics w
                                          WHERE w.team_id = m.team_id AND w.item_type = 'all'
                                            AND w.metric_date <= :date AND w.flow_time_p85_over_target = FALSE),
                                        DATE '0001-01-01'))                                           AS days_p85_over_target
  FROM team_daily_metrics m
 WHERE m.item_type = 'all' AND m.metric_date = :date
 ORDER BY m.team_id
