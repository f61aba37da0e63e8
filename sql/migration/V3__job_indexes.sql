-- Indexes flowbatch's jobs read by. Built CONCURRENTLY: on a production database these tables are large and
-- written all the time by the webhook service, which must not block behind an index build.

-- webhook-archive selects by age and writes one object per source and day.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_webhook_events_received_at ON webhook_events (received_at);

-- daily-metrics and flow-item-retention select completed items per team by completion time.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_flow_items_team_completed_at
    ON flow_items (team_id, completed_at) WHERE completed_at IS NOT NULL;
