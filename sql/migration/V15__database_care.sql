-- Database care (issue 18): what data-quality, webhook-reprocess, db-health and db-maintenance record. All four are
-- flowbatch's own tables; the flow-metrics tables are only read (data-quality, db-health, db-maintenance) or changed
-- the way the receiving service would change them (webhook-reprocess).

-- data-quality: per execution, one row per rule (zero findings included, so that a report shows every rule and the
-- growth from the previous run is a subtraction), with up to 10 sample ids of the rows it found.
CREATE TABLE data_quality_findings (
    job_execution_id BIGINT      NOT NULL,
    rule             VARCHAR(50) NOT NULL,
    finding_count    BIGINT      NOT NULL,
    sample_ids       JSONB       NOT NULL,
    checked_at       TIMESTAMP   NOT NULL,
    PRIMARY KEY (job_execution_id, rule)
);

-- webhook-reprocess: one row per failed event and execution that looked at it: what the error was classified as,
-- what was done (created-flow-item and returned-to-pending, returned-to-pending, left-failed) and why. The attempts
-- an event has had are its rows whose action returned it to pending (maxAttempts caps them).
CREATE TABLE webhook_reprocess_attempts (
    webhook_event_id BIGINT      NOT NULL,
    job_execution_id BIGINT      NOT NULL,
    classification   VARCHAR(30) NOT NULL,
    action           VARCHAR(30) NOT NULL,
    reason           TEXT        NOT NULL,
    error_message    TEXT,
    flow_item_id     UUID,
    attempted_at     TIMESTAMP   NOT NULL,
    PRIMARY KEY (webhook_event_id, job_execution_id)
);

-- db-health: the size of every table (with its indexes and TOAST), every index and the database, once per day (a
-- rerun that day replaces the day's rows), so that growth per week and the days until the disk is full can be read
-- from the history.
CREATE TABLE db_health_sizes (
    snapshot_date    DATE         NOT NULL,
    relation_name    VARCHAR(200) NOT NULL,
    relation_kind    VARCHAR(10)  NOT NULL,
    table_name       VARCHAR(200),
    bytes            BIGINT       NOT NULL,
    live_tuples      BIGINT,
    dead_tuples      BIGINT,
    job_execution_id BIGINT       NOT NULL,
    recorded_at      TIMESTAMP    NOT NULL,
    PRIMARY KEY (snapshot_date, relation_kind, relation_name)
);

-- db-health: what each check found, per execution: one row per section and subject (a table, an index, a session,
-- a statement), with the number that matters and the details.
CREATE TABLE db_health_findings (
    job_execution_id BIGINT           NOT NULL,
    section          VARCHAR(40)      NOT NULL,
    subject          VARCHAR(200)     NOT NULL,
    value            DOUBLE PRECISION,
    detail           TEXT             NOT NULL,
    recorded_at      TIMESTAMP        NOT NULL,
    PRIMARY KEY (job_execution_id, section, subject)
);

-- db-maintenance: what each execution did, one row per planned statement in plan order: done (with the relation's
-- size before and after), skipped because the relation could not be locked within lock_timeout (retried on the next
-- run), or dry-run (what would be done).
CREATE TABLE db_maintenance_actions (
    job_execution_id BIGINT           NOT NULL,
    position         INTEGER          NOT NULL,
    action           VARCHAR(20)      NOT NULL,
    target           VARCHAR(200)     NOT NULL,
    outcome          VARCHAR(20)      NOT NULL,
    detail           TEXT             NOT NULL,
    bytes_before     BIGINT,
    bytes_after      BIGINT,
    seconds          DOUBLE PRECISION,
    recorded_at      TIMESTAMP        NOT NULL,
    PRIMARY KEY (job_execution_id, position)
);
