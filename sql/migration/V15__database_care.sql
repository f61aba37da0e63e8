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
