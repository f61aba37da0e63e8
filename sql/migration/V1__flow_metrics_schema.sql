-- The flow-metrics schema (seed 000, Appendix A) plus webhook_events.
-- In production these tables belong to the service that receives webhooks and already exist: flowbatch then
-- records this migration as its Flyway baseline instead of running it (docs/database.md).
-- Every TIMESTAMP column holds UTC: flowbatch connects with TimeZone=UTC.

CREATE TABLE IF NOT EXISTS teams (
    id                             VARCHAR(100) PRIMARY KEY,
    name                           VARCHAR(255) NOT NULL,
    description                    TEXT,
    wip_limit                      INTEGER DEFAULT 20,
    target_flow_time_hours         INTEGER DEFAULT 96,
    target_flow_efficiency_percent INTEGER DEFAULT 40,
    created_at                     TIMESTAMP NOT NULL DEFAULT NOW(),
    updated_at                     TIMESTAMP NOT NULL DEFAULT NOW(),
    config                         JSONB
);

CREATE TABLE IF NOT EXISTS flow_items (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    external_id   VARCHAR(255) NOT NULL,
    team_id       VARCHAR(100) NOT NULL REFERENCES teams (id),
    item_type     VARCHAR(50)  NOT NULL,
    title         VARCHAR(500),
    description   TEXT,
    story_points  INTEGER,
    current_stage VARCHAR(50)  NOT NULL,
    status        VARCHAR(50)  NOT NULL,
    created_at    TIMESTAMP    NOT NULL DEFAULT NOW(),
    updated_at    TIMESTAMP    NOT NULL DEFAULT NOW(),
    completed_at  TIMESTAMP,
    labels        JSONB,
    metadata      JSONB,
    CONSTRAINT flow_items_external_id_key UNIQUE (external_id, team_id)
);

CREATE TABLE IF NOT EXISTS stage_transitions (
    id               BIGSERIAL PRIMARY KEY,
    flow_item_id     UUID        NOT NULL REFERENCES flow_items (id) ON DELETE CASCADE,
    from_stage       VARCHAR(50),
    to_stage         VARCHAR(50) NOT NULL,
    transitioned_at  TIMESTAMP   NOT NULL DEFAULT NOW(),
    duration_seconds INTEGER,
    triggered_by     VARCHAR(100),
    event_type       VARCHAR(100),
    event_payload    JSONB,
    CONSTRAINT stage_transitions_flow_item_stage UNIQUE (flow_item_id, to_stage)
);

CREATE TABLE IF NOT EXISTS stage_metrics (
    id                      BIGSERIAL PRIMARY KEY,
    flow_item_id            UUID        NOT NULL REFERENCES flow_items (id) ON DELETE CASCADE,
    stage                   VARCHAR(50) NOT NULL,
    started_at              TIMESTAMP,
    ended_at                TIMESTAMP,
    active_time_seconds     INTEGER DEFAULT 0,
    wait_time_seconds       INTEGER DEFAULT 0,
    flow_efficiency_percent DECIMAL(5, 2),
    blockers                JSONB,
    metadata                JSONB,
    CONSTRAINT stage_metrics_flow_item_stage UNIQUE (flow_item_id, stage)
);

CREATE TABLE IF NOT EXISTS webhook_events (
    id                BIGSERIAL PRIMARY KEY,
    source            VARCHAR(50)  NOT NULL,
    event_type        VARCHAR(100) NOT NULL,
    delivery_id       VARCHAR(255) NOT NULL,
    payload           JSONB        NOT NULL,
    processing_status VARCHAR(20)  NOT NULL DEFAULT 'pending',
    error_message     TEXT,
    received_at       TIMESTAMP    NOT NULL DEFAULT NOW(),
    processed_at      TIMESTAMP,
    CONSTRAINT webhook_events_source_delivery_key UNIQUE (source, delivery_id)
);

CREATE INDEX IF NOT EXISTS idx_flow_items_team_status ON flow_items (team_id, status);
CREATE INDEX IF NOT EXISTS idx_flow_items_created_at ON flow_items (created_at);
CREATE INDEX IF NOT EXISTS idx_flow_items_completed_at ON flow_items (completed_at) WHERE completed_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_stage_transitions_flow_item ON stage_transitions (flow_item_id);
CREATE INDEX IF NOT EXISTS idx_stage_metrics_flow_item ON stage_metrics (flow_item_id);
